using Microsoft.Extensions.Logging;

namespace AIoT.Mqtt.Broker;

/// <summary>
/// Backpressure (docs/mqtt.md): a connection whose pending output passes the high-water mark is congested, and every
/// connection whose message lands in its buffer meanwhile is held: its reader stops reading, so its TCP window fills
/// and the client slows down, until the congested connection drains below the low-water mark and lets it go. A
/// connection congested for longer than the grace time is stalled: it lets its publishers go and drops QoS 0 messages
/// past the hard limit instead. The global budget bounds what all connections hold together.
/// </summary>
internal abstract partial class MqttConnection
{
    /// <summary>Bytes a connection's share of the broker's pending total may be off by; one shared counter per encode would be contended.</summary>
    private const long PendingTotalSlack = 16 * 1024;

    private static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(10);

    /// <summary>The connection whose PUBLISH is being routed on this thread, so the buffers it lands in can hold it back.</summary>
    [ThreadStatic]
    private static MqttConnection? t_publisher;

    // As a publisher: how many congested connections hold it, and the stream reader's wait for the last to let go.
    private int _holds;
    private int _timesPaused;
    private TaskCompletionSource? _resumed;

    // As a subscriber, under the write lock.
    private long _owedBytes;
    private long _owedNotInTotal;
    private bool _congested;
    private long _congestedSince;
    private bool _stalled;
    private HashSet<MqttConnection>? _heldPublishers;
    private long _dropped;
    private long _droppedSinceLog;
    private long _lastDropLog;
    private bool _dropLogged;

    /// <summary>Some congested connection holds this one: its reader reads no more until it is let go (or it closes).</summary>
    protected bool IsPaused => Volatile.Read(ref _holds) > 0 && !IsClosing;

    /// <summary>Makes the reader read again after the last hold is let go; the stream reader waits on its own signal instead.</summary>
    protected virtual void OnResumed()
    {
    }

    /// <summary>For tests and diagnostics: this connection's pending output and what backpressure did to it and for it.</summary>
    internal BackpressureState Backpressure()
    {
        lock (_writeLock)
        {
            return new BackpressureState(_owedBytes, IsPaused, Volatile.Read(ref _timesPaused), _congested, _stalled, _heldPublishers?.Count ?? 0, _dropped);
        }
    }

    /// <summary>Routes a PUBLISH of this client's, so that a congested subscriber it reaches holds it back.</summary>
    private ValueTask RouteAsPublisherAsync(MqttMessage message)
    {
        var outer = t_publisher;
        t_publisher = this;
        try
        {
            // Only the synchronous part sees this publisher: a continuation may run on any thread.
            return _broker.RouteAsync(message);
        }
        finally
        {
            t_publisher = outer;
        }
    }

    /// <summary>Waits until the stream reader may read again (no-op when not paused). Closing also ends the wait.</summary>
    protected Task WaitUntilResumedAsync()
    {
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _resumed, resumed);
        // Seen after publishing the signal: a release that came between the caller's check and here finds it, or this does.
        return IsPaused ? resumed.Task : Task.CompletedTask;
    }

    /// <summary>Ends a stream reader's wait for resumption, e.g. when the connection closes.</summary>
    protected void SignalResumed() => Interlocked.Exchange(ref _resumed, null)?.TrySetResult();

    /// <summary>Whether a QoS 0 delivery is dropped now: a stalled connection past the hard limit, or the global budget used up. Under the write lock.</summary>
    private bool DropsAtMostOnce(out string reason)
    {
        if (_stalled && _owedBytes > _broker.Options.PendingHardLimitBytes)
        {
            reason = "slow_subscriber";
            return true;
        }

        if (_broker.PendingBytes >= _broker.Options.PendingBudgetBytes)
        {
            reason = "memory_budget";
            return true;
        }

        reason = "";
        return false;
    }

    /// <summary>Counts one dropped QoS 0 delivery against this client; logged by the sweep, once per interval. Under the write lock.</summary>
    private void CountDropped(string reason)
    {
        _dropped++;
        _droppedSinceLog++;
        _broker.Metrics.Dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Bytes were encoded (positive) or sent (negative). Under the write lock.</summary>
    private void ChargeOwed(long bytes)
    {
        _owedBytes += bytes;
        _owedNotInTotal += bytes;
        if (Math.Abs(_owedNotInTotal) >= PendingTotalSlack)
        {
            _broker.AddPendingBytes(_owedNotInTotal);
            _owedNotInTotal = 0;
        }
    }

    /// <summary>After a delivery was encoded: becomes congested past the high-water mark and holds the publisher that caused it. Under the write lock.</summary>
    private void AfterDelivery()
    {
        if (!_congested && _owedBytes > _broker.Options.PendingHighWaterBytes)
        {
            _congested = true;
            _congestedSince = _broker.Time.GetTimestamp();
        }

        if (_congested && !_stalled && t_publisher is { } publisher && (_heldPublishers ??= []).Add(publisher))
        {
            publisher.Hold();
        }
    }

    /// <summary>
    /// The session's queue of QoS 1/2 messages behind the in-flight window is half full: congested as if past the
    /// high-water mark, so the publisher that caused it is held until the queue drains below a quarter. Holds the session's gate.
    /// </summary>
    public void OnQueueFilling()
    {
        lock (_writeLock)
        {
            if (_closed)
            {
                return;
            }

            if (!_congested)
            {
                _congested = true;
                _congestedSince = _broker.Time.GetTimestamp();
            }

            // Never itself: only the acknowledgements its reader reads free the window.
            if (!_stalled && t_publisher is { } publisher && publisher != this && (_heldPublishers ??= []).Add(publisher))
            {
                publisher.Hold();
            }
        }
    }

    /// <summary>After sent bytes were uncharged: below the low-water mark, a congested connection lets its publishers go. Under the write lock.</summary>
    private List<MqttConnection>? AfterSent()
    {
        if (!_congested || _owedBytes >= _broker.Options.PendingLowWaterBytes || _session is { QueueFilling: true })
        {
            return null;
        }

        _congested = _stalled = false;
        return TakeHeldPublishers();
    }

    /// <summary>The connection is done: nothing it holds is owed any more, and its publishers go free. Under the write lock.</summary>
    private List<MqttConnection>? ForgetOwed()
    {
        _broker.AddPendingBytes(_owedNotInTotal - _owedBytes);
        _owedBytes = _owedNotInTotal = 0;
        _congested = _stalled = false;
        return TakeHeldPublishers();
    }

    private List<MqttConnection>? TakeHeldPublishers()
    {
        if (_heldPublishers is not { Count: > 0 })
        {
            return null;
        }

        var held = _heldPublishers.ToList();
        _heldPublishers = null;
        return held;
    }

    /// <summary>Lets the publishers go; called outside the write lock, as each may take its own.</summary>
    private static void Release(List<MqttConnection>? publishers)
    {
        if (publishers is null)
        {
            return;
        }

        foreach (var publisher in publishers)
        {
            publisher.Unhold();
        }
    }

    private void Hold()
    {
        if (Interlocked.Increment(ref _holds) == 1)
        {
            Interlocked.Increment(ref _timesPaused);
            _broker.Metrics.PublishersPaused.Add(1);
        }
    }

    private void Unhold()
    {
        if (Interlocked.Decrement(ref _holds) == 0)
        {
            // The kernel held its packets meanwhile, and the paused reader read none of them: keep-alive starts afresh.
            Volatile.Write(ref _lastReceived, _broker.Time.GetTimestamp());
            SignalResumed();
            OnResumed();
        }
    }

    /// <summary>
    /// The sweep's visit: a connection congested past the grace time is stalled (its publishers go free, its QoS 0
    /// past the hard limit is dropped); drops are logged with the client id once per interval, not once per message.
    /// </summary>
    public void CheckBackpressure(long now)
    {
        List<MqttConnection>? released = null;
        var stalledNow = false;
        long droppedToLog = 0;
        lock (_writeLock)
        {
            var graceTicks = (long)(_broker.Options.PendingHardLimitGrace.TotalSeconds * _broker.Time.TimestampFrequency);
            if (_congested && !_stalled && now - _congestedSince >= graceTicks)
            {
                _stalled = stalledNow = true;
                released = TakeHeldPublishers();
            }

            var logInterval = (long)(DropLogInterval.TotalSeconds * _broker.Time.TimestampFrequency);
            if (_droppedSinceLog > 0 && (!_dropLogged || now - _lastDropLog >= logInterval))
            {
                droppedToLog = _droppedSinceLog;
                _droppedSinceLog = 0;
                _lastDropLog = now;
                _dropLogged = true;
            }
        }

        Release(released);
        if (stalledNow)
        {
            _broker.Logger.LogWarning(
                "{Client} has stayed above {HighWater} bytes pending for {Grace}: the publishers it held back are read again, and QoS 0 messages to it past {HardLimit} bytes are dropped",
                Describe(), _broker.Options.PendingHighWaterBytes, _broker.Options.PendingHardLimitGrace, _broker.Options.PendingHardLimitBytes);
        }

        if (droppedToLog > 0)
        {
            _broker.Logger.LogWarning("Dropped {Count} QoS 0 messages to {Client}: it does not read fast enough, or the broker's pending budget is used up", droppedToLog, Describe());
        }
    }
}

/// <summary>What <see cref="MqttConnection.Backpressure"/> reports.</summary>
internal readonly record struct BackpressureState(long PendingBytes, bool Paused, int TimesPaused, bool Congested, bool Stalled, int HeldPublishers, long Dropped);
