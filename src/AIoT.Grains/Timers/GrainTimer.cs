using AIoT.Grains.Runtime;
using Microsoft.Extensions.Logging;

namespace AIoT.Grains.Timers;

/// <summary>A timer whose tick is queued to its activation as a request; the next tick is armed when one ends.</summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly TimerTickRequest _tick;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;
    private TimeSpan _dueTime;
    private TimeSpan _period;

    /// <summary>1 while a tick is queued or running: the single tick request must not be queued twice.</summary>
    private int _tickInFlight;

    public GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        if (options.DueTime < TimeSpan.Zero && options.DueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DueTime must not be negative.");
        }

        if (options.Period <= TimeSpan.Zero && options.Period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Period must be positive, or Timeout.InfiniteTimeSpan for a single tick.");
        }

        _activation = activation;
        _callback = callback;
        _state = state;
        _dueTime = options.DueTime;
        _period = options.Period;
        KeepAlive = options.KeepAlive;
        _tick = new TimerTickRequest(this, options.Interleave);
        _timer = activation.Runtime.Time.CreateTimer(static t => ((GrainTimer)t!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool KeepAlive { get; }

    public bool IsStopped => _disposed.IsCancellationRequested;

    public void Start() => _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _dueTime = dueTime;
        _period = period;
        if (!IsStopped)
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        if (IsStopped || Interlocked.Exchange(ref _tickInFlight, 1) == 1)
        {
            return;
        }

        if (_activation.TrySubmit(_tick, allowInline: false, touch: KeepAlive) == SubmitOutcome.Retry)
        {
            Stop();
        }
    }

    internal Task InvokeCallback() => _callback(_state, _disposed.Token);

    internal void OnTickCompleted(Task task)
    {
        Volatile.Write(ref _tickInFlight, 0);
        if (task.IsFaulted)
        {
            _activation.Logger.LogError(task.Exception!.InnerException, "Timer callback of grain {GrainId} threw", _activation.Id);
        }

        if (!IsStopped && _period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    internal void Stop()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _timer.Dispose();
        }
    }

    public void Dispose()
    {
        Stop();
        _activation.RemoveTimer(this);
    }
}
