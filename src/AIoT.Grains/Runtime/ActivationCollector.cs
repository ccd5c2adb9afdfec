using Microsoft.Extensions.Logging;

namespace AIoT.Grains.Runtime;

/// <summary>
/// Deactivates idle activations. Time is counted in epochs of one collection quantum: a call stamps the
/// activation with the current epoch (an integer write), and every quantum the collector advances the epoch and
/// walks the directory once.
/// </summary>
internal sealed class ActivationCollector : IDisposable
{
    private readonly GrainRuntime _runtime;
    private ITimer? _timer;
    private int _epoch;

    public ActivationCollector(GrainRuntime runtime)
    {
        _runtime = runtime;
        AgeEpochs = Math.Max(1, (int)Math.Ceiling(runtime.Options.CollectionAge / runtime.Options.CollectionQuantum));
    }

    public int Epoch => Volatile.Read(ref _epoch);

    public int AgeEpochs { get; }

    public void Start()
    {
        var quantum = _runtime.Options.CollectionQuantum;
        _timer = _runtime.Time.CreateTimer(_ => Collect(), null, quantum, quantum);
    }

    /// <summary>How many epochs a grain's DelayDeactivation covers.</summary>
    public int EpochsFor(TimeSpan span) => (int)Math.Ceiling(span / _runtime.Options.CollectionQuantum);

    internal int Collect()
    {
        var epoch = Interlocked.Increment(ref _epoch);
        var collected = 0;
        foreach (var activation in _runtime.Directory.All)
        {
            if (activation.TryCollect(epoch, AgeEpochs))
            {
                collected++;
            }
        }

        if (collected > 0)
        {
            _runtime.Logger.LogDebug("Collected {Count} idle activations", collected);
        }

        return collected;
    }

    public void Dispose() => _timer?.Dispose();
}
