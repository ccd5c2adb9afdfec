using System.Collections.Concurrent;

namespace AIoT.Grains.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<string> Hello();

    Task Leave();

    Task KeepAlive(TimeSpan span);
}

public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    public static readonly ConcurrentQueue<string> Log = new();

    /// <summary>When set for a key, OnDeactivateAsync waits on it: lets a test call in while the grain deactivates.</summary>
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> DeactivationGates = new();

    private readonly Guid _instance = Guid.NewGuid();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Log.Enqueue($"activate {GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (DeactivationGates.TryGetValue(GetPrimaryKeyString(), out var gate))
        {
            Log.Enqueue($"deactivating {GetPrimaryKeyString()}");
            await gate.Task;
        }

        Log.Enqueue($"deactivate {GetPrimaryKeyString()} {reason}");
    }

    public Task<string> Hello() => Task.FromResult(_instance.ToString());

    public Task Leave()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task KeepAlive(TimeSpan span)
    {
        DelayDeactivation(span);
        return Task.CompletedTask;
    }

    public static int Count(string entry) => Log.Count(e => e == entry);
}
