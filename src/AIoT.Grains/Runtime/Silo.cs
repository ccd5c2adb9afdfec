using Microsoft.Extensions.Logging;

namespace AIoT.Grains.Runtime;

/// <summary>A process's grain host: activates grains on demand and deactivates them all when stopped.</summary>
public sealed class Silo : IAsyncDisposable
{
    private readonly GrainRuntime _runtime;
    private readonly IServiceProvider _services;
    private int _state;

    internal Silo(GrainRuntime runtime, IServiceProvider services)
    {
        _runtime = runtime;
        _services = services;
    }

    public IGrainFactory GrainFactory => _runtime;

    public IServiceProvider Services => _services;

    public SiloOptions Options => _runtime.Options;

    /// <summary>Activations currently in memory.</summary>
    public int ActivationCount => _runtime.ActivationCount;

    internal GrainRuntime Runtime => _runtime;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The silo was already started.");
        }

        _runtime.Start();
        _runtime.Logger.LogInformation(
            "Silo started: call timeout {CallTimeout}, collection age {CollectionAge}, {GrainClasses} grain classes",
            Options.CallTimeout, Options.CollectionAge, _runtime.Classes.Classes.Count());
        return Task.CompletedTask;
    }

    /// <summary>Deactivates every grain (OnDeactivateAsync runs, state the grains write is written) and stops.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }

        var count = _runtime.ActivationCount;
        await _runtime.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        _runtime.Logger.LogInformation("Silo stopped; {Count} activations deactivated", count);
    }

    /// <summary>Runs one collection pass now, as the collector's timer would; returns how many were collected.</summary>
    public int CollectIdleActivations() => _runtime.Collector.Collect();

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_services is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
