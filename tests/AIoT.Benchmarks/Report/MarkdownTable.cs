using AIoT.Benchmarks.Progress;

namespace AIoT.Benchmarks.Report;

/// <summary>The closing table, in markdown, so that it pastes into docs/performance.md as it is.</summary>
internal static class MarkdownTable
{
    public static void Print(DateTimeOffset started, IEnumerable<ResultRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"Run {started:yyyy-MM-dd HH:mm}, {(DateTimeOffset.Now - started).TotalSeconds:F0} s, load at end: {ProcFs.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| measure | result | target | setup |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Measure} | {row.Result} | {row.Target} | {row.Setup} |");
        }
    }
}
