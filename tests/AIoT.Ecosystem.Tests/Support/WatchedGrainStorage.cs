using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace AIoT.Ecosystem.Tests.Support;

/// <summary>
/// Passes every call to the storage it wraps and watches each grain's writes: how many completed (a test waits on
/// that instead of on the clock) and how many were ever in flight at once (more than one means two turns of the grain
/// overlapped, since a grain writes only from its own turns).
/// </summary>
internal sealed class WatchedGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<GrainId, GrainWrites> _grains = new();

    /// <summary>Wraps the default storage provider registered so far.</summary>
    public static void DecorateDefault(IServiceCollection services)
    {
        var registered = services.Last(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage)
            && Equals(d.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException("The default grain storage is not registered through a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(
            ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, key) => new WatchedGrainStorage((IGrainStorage)create(sp, key)));
    }

    public GrainWrites WritesOf(GrainId grainId) => _grains.GetOrAdd(grainId, _ => new GrainWrites());

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WatchAsync(grainId, () => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        WatchAsync(grainId, () => inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WatchAsync(grainId, () => inner.ClearStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        WatchAsync(grainId, () => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken));

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private async Task WatchAsync(GrainId grainId, Func<Task> write)
    {
        var writes = WritesOf(grainId);
        writes.Begin();
        try
        {
            await write();
            writes.End(succeeded: true);
        }
        catch
        {
            writes.End(succeeded: false);
            throw;
        }
    }
}

/// <summary>One grain's writes (and clears) as its storage saw them.</summary>
public sealed class GrainWrites
{
    private readonly List<(Func<bool> Reached, TaskCompletionSource Done)> _waiters = [];
    private int _inFlight;
    private int _mostInFlight;
    private int _succeeded;
    private int _failed;

    /// <summary>The most writes of this grain ever in flight at the same time.</summary>
    public int MostInFlight => Read(() => _mostInFlight);

    public int Succeeded => Read(() => _succeeded);

    /// <summary>Writes the storage refused or failed (a stale ETag, for one).</summary>
    public int Failed => Read(() => _failed);

    /// <summary>Completes once <paramref name="count"/> writes of this grain have succeeded in all.</summary>
    public Task SucceededAtLeast(int count) => When(() => _succeeded >= count);

    /// <summary>Completes once <paramref name="count"/> writes of this grain have ended in all, whatever their outcome.</summary>
    public Task EndedAtLeast(int count) => When(() => _succeeded + _failed >= count);

    internal void Begin()
    {
        lock (_waiters)
        {
            _mostInFlight = Math.Max(_mostInFlight, ++_inFlight);
        }
    }

    internal void End(bool succeeded)
    {
        lock (_waiters)
        {
            _inFlight--;
            if (succeeded)
            {
                _succeeded++;
            }
            else
            {
                _failed++;
            }

            foreach (var waiter in _waiters.Where(w => w.Reached()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    private T Read<T>(Func<T> read)
    {
        lock (_waiters)
        {
            return read();
        }
    }

    private Task When(Func<bool> reached)
    {
        lock (_waiters)
        {
            if (reached())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((reached, done));
            return done.Task;
        }
    }
}
