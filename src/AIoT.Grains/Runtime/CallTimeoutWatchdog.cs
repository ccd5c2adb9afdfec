using AIoT.Grains.Invocation;
using Microsoft.Extensions.Logging;

namespace AIoT.Grains.Runtime;

/// <summary>
/// Fails calls whose answer is late. Only activations with queued or awaiting requests are on its list, and each
/// call carries the tick it was made at, so the hot path pays one integer read for this.
/// </summary>
internal sealed class CallTimeoutWatchdog : IDisposable
{
    private readonly GrainRuntime _runtime;
    private readonly object _gate = new();
    private List<ActivationData> _watched = [];
    private ITimer? _timer;
    private int _tick;

    public CallTimeoutWatchdog(GrainRuntime runtime)
    {
        _runtime = runtime;
        TimeoutTicks = Math.Max(1, (int)Math.Ceiling(runtime.Options.CallTimeout / runtime.Options.TimeoutCheckPeriod));
    }

    public int Tick => Volatile.Read(ref _tick);

    public int TimeoutTicks { get; }

    public void Start()
    {
        var period = _runtime.Options.TimeoutCheckPeriod;
        _timer = _runtime.Time.CreateTimer(_ => Sweep(), null, period, period);
    }

    public void Watch(ActivationData activation)
    {
        lock (_gate)
        {
            _watched.Add(activation);
        }
    }

    internal void Sweep()
    {
        var now = Interlocked.Increment(ref _tick);
        List<ActivationData> batch;
        lock (_gate)
        {
            batch = _watched;
            _watched = [];
        }

        var expired = new List<GrainRequest>();
        var stillWatched = new List<ActivationData>(batch.Count);
        foreach (var activation in batch)
        {
            expired.Clear();
            if (activation.CheckTimeouts(now, TimeoutTicks, expired))
            {
                stillWatched.Add(activation);
            }

            foreach (var request in expired)
            {
                var message = $"{request.Describe(activation.Id)} got no answer within {_runtime.Options.CallTimeout}. "
                    + "Either the grain is stuck, or calls form a cycle (A calls B calls A) and the grain is not [Reentrant].";
                _runtime.Logger.LogWarning("Call timed out: {Message}", message);
                _runtime.Metrics.TimedOutCalls.Add(1);
                request.Fail(new GrainCallTimeoutException(message));
            }
        }

        lock (_gate)
        {
            _watched.AddRange(stillWatched);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
