using AIoT.Grains;

namespace AIoT.Benchmarks;

public interface IBenchGrain : IGrainWithIntegerKey
{
    Task<int> Ping(int value);
}

/// <summary>An empty grain: the figures measure the runtime, not grain code.</summary>
public sealed class BenchGrain : Grain, IBenchGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value);
}
