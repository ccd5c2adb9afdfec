// Benchmarks of the shipped grains on Orleans, and of the whole host (broker → gateway → device grain) end to end.
// dotnet run -c Release --project tests/AIoT.Benchmarks -- [--only NAME] [--seconds N] [options]; see BenchOptions.Usage.
using AIoT.Benchmarks;
using AIoT.Benchmarks.Progress;
using AIoT.Benchmarks.Report;
using AIoT.Benchmarks.Sections;

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var rows = new List<ResultRow>();
var started = DateTimeOffset.Now;
Console.WriteLine($"AIoT benchmarks, {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, load: {ProcFs.LoadAverage()}, pid {Environment.ProcessId}");
var sections = new (string Name, Func<BenchOptions, List<ResultRow>, Task> Run)[]
{
    ("e2e", EndToEndSection.RunAsync),
    ("register", RegistrationSection.RunAsync),
    ("bulk", BulkSection.RunAsync),
    ("activate", ActivationSection.RunAsync),
    ("memory", MemorySection.RunAsync),
    ("calls", CallsSection.RunAsync),
    ("scenes", ScenesSection.RunAsync),
    ("dashboard", DashboardSection.RunAsync),
    ("postgres", PostgresSection.RunAsync),
};
foreach (var (name, run) in sections)
{
    if (options.Only is { } only && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
    {
        continue;
    }

    Console.WriteLine($"== {name} (load before: {ProcFs.LoadAverage()})");
    try
    {
        await run(options, rows);
    }
    catch (Exception ex)
    {
        Console.WriteLine($"{name} failed: {ex}");
        rows.Add(ResultRow.Failure(name, ex));
    }

    Console.WriteLine($"== {name} done (load after: {ProcFs.LoadAverage()})");
}

MarkdownTable.Print(started, rows);
return rows.Any(r => r.IsFailure) ? 1 : 0;
