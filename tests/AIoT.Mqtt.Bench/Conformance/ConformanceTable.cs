namespace AIoT.Mqtt.Bench.Conformance;

/// <summary>Runs every check against each broker in turn and prints one Markdown table: a row per check, a column per broker.</summary>
internal static class ConformanceTable
{
    public static IReadOnlyList<ConformanceCheck> Checks { get; } = [.. Checks311.All(), .. Checks50.All()];

    public static async Task RunAsync(IReadOnlyList<string> brokers, Func<string, Task<BrokerUnderTest>> start, Action<string> print)
    {
        var results = new Dictionary<string, List<Outcome>>();
        foreach (var name in brokers)
        {
            using var broker = await start(name);
            results[name] = await ConformanceRun.RunAsync(broker.Port, name, Checks, Console.Error.WriteLine);
        }

        print("");
        print($"| spec section | check | {string.Join(" | ", brokers)} |");
        print($"|---|---|{string.Concat(brokers.Select(_ => "---|"))}");
        for (var i = 0; i < Checks.Count; i++)
        {
            print($"| {Checks[i].Section} | {Checks[i].Name} | {string.Join(" | ", brokers.Select(b => results[b][i].ToString().Replace("|", "/", StringComparison.Ordinal)))} |");
        }

        print($"| | **passed** | {string.Join(" | ", brokers.Select(b => $"{results[b].Count(o => o.Verdict == Verdict.Pass)} of {Checks.Count} ({results[b].Count(o => o.Verdict == Verdict.NotApplicable)} n/a)"))} |");
    }
}
