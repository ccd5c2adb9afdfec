namespace AIoT.Benchmarks;

internal sealed record BenchResult(string Name, double Value, string Unit, string Setup);

internal sealed record BenchSettings(int Seconds, int Callers, int Grains, int Activations);
