using System.Collections.Concurrent;

namespace AIoT.Grains.Tests.Grains;

public interface IFaultyGrain : IGrainWithStringKey
{
    Task ThrowAsync(string message);

    Task<int> ThrowSync(string message);

    Task<string> Ping();
}

public sealed class GrainRuleException(string message) : Exception(message);

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    /// <summary>Keys whose activation fails, for as long as they are in here.</summary>
    public static readonly ConcurrentDictionary<string, int> FailActivationFor = new();

    public static int Activations;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (FailActivationFor.ContainsKey(GetPrimaryKeyString()))
        {
            throw new InvalidOperationException($"activation of {GetPrimaryKeyString()} refused");
        }

        Interlocked.Increment(ref Activations);
    }

    public async Task ThrowAsync(string message)
    {
        await Task.Yield();
        throw new GrainRuleException(message);
    }

    public Task<int> ThrowSync(string message) => throw new ArgumentOutOfRangeException(nameof(message), message);

    public Task<string> Ping() => Task.FromResult("pong");
}
