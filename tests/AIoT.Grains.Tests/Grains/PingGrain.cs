namespace AIoT.Grains.Tests.Grains;

public interface IPingGrain : IGrainWithStringKey
{
    Task Ping(IPingGrain other);

    Task Pong(IPingGrain caller);

    Task<string> Echo();

    Task<IPingGrain> Self();

    Task<bool> IsSame(IPingGrain other);
}

/// <summary>Ping calls the other's Pong, which calls back Echo: a cycle that deadlocks a non-reentrant grain.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task Ping(IPingGrain other) => other.Pong(AsReference<IPingGrain>());

    public async Task Pong(IPingGrain caller) => await caller.Echo();

    public Task<string> Echo() => Task.FromResult(GetPrimaryKeyString());

    public Task<IPingGrain> Self() => Task.FromResult(AsReference<IPingGrain>());

    public Task<bool> IsSame(IPingGrain other) => Task.FromResult(other.Equals(AsReference<IPingGrain>()));
}
