using System.Globalization;
using System.Runtime;
using AIoT.Benchmarks;

// Usage: dotnet run -c Release --project tests/AIoT.Benchmarks -- [grains] [--seconds N] [--callers N] [--grains N] [--activations N]
var settings = new BenchSettings(
    Seconds: IntArg("--seconds", 5),
    Callers: IntArg("--callers", Environment.ProcessorCount * 32),
    Grains: IntArg("--grains", 100_000),
    Activations: IntArg("--activations", 1_000_000));

Console.WriteLine($"AIoT grain runtime benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {GCSettings.IsServerGC}");
Console.WriteLine($"settings: {settings}");
var results = await GrainBenchmarks.RunAsync(settings);

Console.WriteLine();
Console.WriteLine("| measure | result | setup |");
Console.WriteLine("|---|---:|---|");
foreach (var result in results)
{
    Console.WriteLine($"| {result.Name} | {result.Value.ToString("N0", CultureInfo.InvariantCulture)} {result.Unit} | {result.Setup} |");
}

int IntArg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    if (index < 0)
    {
        return fallback;
    }

    if (index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0)
    {
        return value;
    }

    Console.Error.WriteLine($"{name} needs a positive whole number.");
    Environment.Exit(2);
    return 0;
}
