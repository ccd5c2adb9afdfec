using System.Diagnostics;
using AIoT.Grains.Invocation;
using AIoT.Grains.Timers;
using Microsoft.Extensions.Logging;

namespace AIoT.Grains.Runtime;

/// <summary>
/// One activation of one grain: its mailbox, its scheduler and its lifecycle.
/// <para>
/// How a call is run: <see cref="TrySubmit"/> either claims an idle activation and runs the first turn on the
/// caller's thread (<see cref="RunInline{TResult}"/>), or queues the request and schedules the activation itself on
/// the thread pool (<see cref="Execute"/>). Either way at most one thread runs turns of an activation at a time:
/// <c>_scheduled</c>, set under the activation's lock, is that claim. The activation is also the
/// <see cref="SynchronizationContext"/> of its turns, so every await inside a grain posts its continuation back into
/// this mailbox (<see cref="Post"/>); continuations always run, new requests start only when the grain's
/// reentrancy allows (<see cref="CanStart"/>). A request that awaited is kept in <c>_waiting</c> and the activation is
/// put on the watchdog's list, which fails callers whose answer is late.
/// </para>
/// </summary>
internal sealed class ActivationData : SynchronizationContext, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static int t_inlineDepth;

    private readonly GrainRuntime _runtime;
    private ActivationState _state;
    private bool _scheduled;
    private bool _watched;
    private bool _deactivateRequested;
    private DeactivationReason _deactivationReason;
    private int _exclusiveRunning;
    private int _readOnlyRunning;
    private int _interleavedRunning;
    private Queue<GrainRequest>? _pending;

    /// <summary>[AlwaysInterleave] requests: they may start whatever runs, so they do not wait behind _pending.</summary>
    private Queue<GrainRequest>? _interleaving;
    private Queue<PostedCallback>? _ready;
    private List<GrainRequest>? _waiting;
    private List<GrainTimer>? _timers;

    public ActivationData(GrainId id, GrainClass grainClass, GrainRuntime runtime, object? hostedTarget = null)
    {
        Id = id;
        Class = grainClass;
        _runtime = runtime;
        Target = hostedTarget;
        _state = hostedTarget is null ? ActivationState.Creating : ActivationState.Valid;
        LastUsedEpoch = runtime.Epoch;
    }

    public GrainId Id { get; }

    public GrainClass Class { get; }

    public object? Target { get; private set; }

    /// <summary>Collector epoch of the last call; the activation is idle once the epoch has moved on far enough.</summary>
    public int LastUsedEpoch;

    /// <summary>The grain asked not to be collected before this epoch.</summary>
    public int KeepAliveUntilEpoch;

    public bool IsInvalid => _state == ActivationState.Invalid;

    internal ILogger Logger => _runtime.Logger;

    internal GrainRuntime Runtime => _runtime;

    /// <summary>Queues or claims. Under the lock: the decision; outside it: nothing runs yet.</summary>
    public SubmitOutcome TrySubmit(GrainRequest request, bool allowInline, bool touch)
    {
        bool schedule = false;
        lock (this)
        {
            if (_state == ActivationState.Invalid)
            {
                return SubmitOutcome.Retry;
            }

            if (touch)
            {
                LastUsedEpoch = _runtime.Epoch;
            }

            if (allowInline && !_scheduled && _state == ActivationState.Valid && t_inlineDepth < _runtime.Options.MaxInlineDepth
                && (_ready is null || _ready.Count == 0) && (_pending is null || _pending.Count == 0) && !_deactivateRequested && CanStart(request))
            {
                _scheduled = true;
                request.SentTick = _runtime.Tick;
                MarkStarted(request);
                return SubmitOutcome.RunInline;
            }

            if (allowInline && !_scheduled && _state == ActivationState.Creating && t_inlineDepth < _runtime.Options.MaxInlineDepth)
            {
                _scheduled = true;
                _state = ActivationState.Activating;
                return SubmitOutcome.ActivateInline;
            }

            Enqueue(request);
            if (!_scheduled && HasRunnableWork())
            {
                _scheduled = true;
                schedule = true;
            }
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return SubmitOutcome.Queued;
    }

    /// <summary>Under the lock: the request waits its turn in the mailbox.</summary>
    private void Enqueue(GrainRequest request)
    {
        if (!request.HasPromise && (request.Options & RequestOptions.OneWay) == 0 && request is not TimerTickRequest)
        {
            request.CreatePromise(runContinuationsAsynchronously: Current is not ActivationData);
        }

        request.SentTick = _runtime.Tick;
        if ((request.Options & RequestOptions.AlwaysInterleave) != 0)
        {
            (_interleaving ??= new Queue<GrainRequest>()).Enqueue(request);
        }
        else
        {
            (_pending ??= new Queue<GrainRequest>()).Enqueue(request);
        }

        _runtime.AddQueued(1);
        Watch();
    }

    /// <summary>
    /// Runs the activation claimed by <see cref="TrySubmit"/> on the caller's thread. True when it completed at once
    /// and <paramref name="request"/> is claimed to run inline too; otherwise the request was queued or failed and
    /// the caller awaits its promise.
    /// </summary>
    public bool ActivateInline(GrainRequest request)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        t_inlineDepth++;
        Task<Exception?> activation;
        try
        {
            activation = ActivateAsync();
        }
        finally
        {
            t_inlineDepth--;
            SetSynchronizationContext(previous);
        }

        bool schedule;
        lock (this)
        {
            if (activation.IsCompleted && activation.Result is { } failure)
            {
                _scheduled = false;
                request.CreatePromise(runContinuationsAsynchronously: previous is not ActivationData);
                request.Fail(failure);
                return false;
            }

            if (activation.IsCompleted && _state == ActivationState.Valid && !_deactivateRequested
                && (_ready is null || _ready.Count == 0) && (_pending is null || _pending.Count == 0) && CanStart(request))
            {
                request.SentTick = _runtime.Tick;
                MarkStarted(request);
                return true;
            }

            Enqueue(request);
            schedule = HasRunnableWork();
            _scheduled = schedule;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return false;
    }

    /// <summary>
    /// Runs a claimed request's first turn on the caller's thread. Returns the grain's own task when the turn finished
    /// the request, else the promise the caller awaits (a Task&lt;TResult&gt; for methods with a result).
    /// </summary>
    public Task RunInline(GrainRequest request)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        t_inlineDepth++;
        Task task;
        try
        {
            task = request.Start(Target!);
        }
        finally
        {
            t_inlineDepth--;
            SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            ReleaseInlineTurn(request, finished: true);
            return task;
        }

        request.CreatePromise(runContinuationsAsynchronously: previous is not ActivationData);
        ReleaseInlineTurn(request, finished: false);
        AwaitCompletion(request, task);
        return request.Promise;
    }

    private void ReleaseInlineTurn(GrainRequest request, bool finished)
    {
        bool schedule;
        lock (this)
        {
            if (finished)
            {
                MarkFinished(request);
            }
            else
            {
                (_waiting ??= []).Add(request);
                Watch();
            }

            schedule = HasRunnableWork();
            _scheduled = schedule;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>The thread pool runs a slice of turns: posted continuations first, then the requests that may start.</summary>
    public void Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            var budget = _runtime.Options.TurnsPerSlice;
            while (true)
            {
                PostedCallback continuation = default;
                GrainRequest? request = null;
                WorkKind kind;
                lock (this)
                {
                    if (budget-- == 0)
                    {
                        kind = WorkKind.Yield;
                    }
                    else
                    {
                        kind = TakeWork(out continuation, out request);
                        if (kind == WorkKind.None)
                        {
                            _scheduled = false;
                            return;
                        }
                    }
                }

                switch (kind)
                {
                    case WorkKind.Yield:
                        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                        return;
                    case WorkKind.Continuation:
                        RunContinuation(continuation);
                        break;
                    case WorkKind.Activate:
                        _ = ActivateAsync();
                        break;
                    case WorkKind.Request:
                        StartRequest(request!);
                        break;
                    case WorkKind.Deactivate:
                        _ = DeactivateAsync();
                        break;
                }
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private WorkKind TakeWork(out PostedCallback continuation, out GrainRequest? request)
    {
        continuation = default;
        request = null;
        if (_ready is { Count: > 0 })
        {
            continuation = _ready.Dequeue();
            return WorkKind.Continuation;
        }

        switch (_state)
        {
            case ActivationState.Creating:
                _state = ActivationState.Activating;
                return WorkKind.Activate;
            case ActivationState.Valid:
                if (_deactivateRequested && RunningCount == 0)
                {
                    _state = ActivationState.Deactivating;
                    return WorkKind.Deactivate;
                }

                if (!_deactivateRequested && _interleaving is { Count: > 0 })
                {
                    request = _interleaving.Dequeue();
                    _runtime.AddQueued(-1);
                    MarkStarted(request);
                    return WorkKind.Request;
                }

                if (!_deactivateRequested && _pending is { Count: > 0 } && CanStart(_pending.Peek()))
                {
                    request = _pending.Dequeue();
                    _runtime.AddQueued(-1);
                    MarkStarted(request);
                    return WorkKind.Request;
                }

                break;
        }

        return WorkKind.None;
    }

    private bool HasRunnableWork() =>
        _ready is { Count: > 0 }
        || _state == ActivationState.Creating
        || (_state == ActivationState.Valid && _deactivateRequested && RunningCount == 0)
        || (_state == ActivationState.Valid && !_deactivateRequested && _interleaving is { Count: > 0 })
        || (_state == ActivationState.Valid && !_deactivateRequested && _pending is { Count: > 0 } && CanStart(_pending.Peek()));

    private int RunningCount => _exclusiveRunning + _readOnlyRunning + _interleavedRunning;

    private bool CanStart(GrainRequest request)
    {
        if (Class.IsReentrant || (request.Options & RequestOptions.AlwaysInterleave) != 0)
        {
            return true;
        }

        if ((request.Options & RequestOptions.ReadOnly) != 0)
        {
            return _exclusiveRunning == 0;
        }

        return RunningCount == 0;
    }

    private void MarkStarted(GrainRequest request)
    {
        if ((request.Options & RequestOptions.AlwaysInterleave) != 0)
        {
            _interleavedRunning++;
        }
        else if ((request.Options & RequestOptions.ReadOnly) != 0)
        {
            _readOnlyRunning++;
        }
        else
        {
            _exclusiveRunning++;
        }
    }

    private void MarkFinished(GrainRequest request)
    {
        if ((request.Options & RequestOptions.AlwaysInterleave) != 0)
        {
            _interleavedRunning--;
        }
        else if ((request.Options & RequestOptions.ReadOnly) != 0)
        {
            _readOnlyRunning--;
        }
        else
        {
            _exclusiveRunning--;
        }
    }

    private void StartRequest(GrainRequest request)
    {
        var task = request.Start(Target!);
        if (task.IsCompleted)
        {
            FinishRequest(request, task);
            return;
        }

        lock (this)
        {
            (_waiting ??= []).Add(request);
            Watch();
        }

        AwaitCompletion(request, task);
    }

    private void AwaitCompletion(GrainRequest request, Task task) =>
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => FinishRequest(request, task));

    private void FinishRequest(GrainRequest request, Task task)
    {
        bool schedule = false;
        lock (this)
        {
            MarkFinished(request);
            _waiting?.Remove(request);
            if (!_scheduled && HasRunnableWork())
            {
                _scheduled = true;
                schedule = true;
            }
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        _runtime.OnRequestFinished(this, request, task);
    }

    private void RunContinuation(PostedCallback continuation)
    {
        try
        {
            continuation.Callback(continuation.State);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "A continuation of grain {GrainId} threw", Id);
        }
    }

    /// <summary>Builds the grain, reads its state, runs OnActivateAsync. Returns the failure, if any, after failing the queue.</summary>
    private async Task<Exception?> ActivateAsync()
    {
        try
        {
            var target = Class.Create(_runtime.Services);
            Target = target;
            if (target is Grain grain)
            {
                grain.Bind(this);
                await grain.ActivateCoreAsync(_runtime.StoppingToken);
            }

            bool schedule;
            lock (this)
            {
                _state = ActivationState.Valid;
                schedule = !_scheduled && HasRunnableWork();
                _scheduled |= schedule;
            }

            if (schedule)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }

            _runtime.Metrics.Created.Add(1);
            return null;
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Activation of grain {GrainId} failed", Id);
            _runtime.Metrics.FailedActivations.Add(1);
            foreach (var request in Invalidate())
            {
                request.Fail(ex);
            }

            return ex;
        }
    }

    private async Task DeactivateAsync()
    {
        DeactivationReason reason;
        lock (this)
        {
            reason = _deactivationReason;
        }

        try
        {
            DisposeTimers();
            if (Target is Grain grain)
            {
                await grain.OnDeactivateAsync(reason, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "OnDeactivateAsync of grain {GrainId} threw; the activation is removed anyway", Id);
        }

        _runtime.Metrics.Deactivated.Add(1);
        foreach (var request in Invalidate())
        {
            _runtime.Forward(Id, request);
        }
    }

    /// <summary>Leaves the directory; returns the requests that were still waiting, for the caller to fail or forward.</summary>
    private List<GrainRequest> Invalidate()
    {
        List<GrainRequest> orphans;
        lock (this)
        {
            _state = ActivationState.Invalid;
            orphans = [.. _interleaving ?? [], .. _pending ?? []];
            _runtime.AddQueued(-orphans.Count);
            _pending = null;
            _interleaving = null;
        }

        DisposeTimers();
        _runtime.Directory.Remove(this);
        return orphans;
    }

    /// <summary>Deactivate once the running requests finish; waiting requests go to the next activation.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        bool schedule = false;
        lock (this)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid || _deactivateRequested)
            {
                return;
            }

            _deactivateRequested = true;
            _deactivationReason = reason;
            if (!_scheduled && HasRunnableWork())
            {
                _scheduled = true;
                schedule = true;
            }
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>The collector's question: idle for <paramref name="ageEpochs"/> epochs and nothing in hand? Then go.</summary>
    public bool TryCollect(int epoch, int ageEpochs)
    {
        lock (this)
        {
            if (_state != ActivationState.Valid || !Class.IsCollectable || _deactivateRequested || RunningCount > 0
                || _pending is { Count: > 0 } || _interleaving is { Count: > 0 } || _ready is { Count: > 0 }
                || epoch - LastUsedEpoch < ageEpochs || epoch < KeepAliveUntilEpoch)
            {
                return false;
            }
        }

        RequestDeactivation(DeactivationReason.Idle);
        return true;
    }

    private void Watch()
    {
        if (!_watched)
        {
            _watched = true;
            _runtime.Watchdog.Watch(this);
        }
    }

    /// <summary>The watchdog's visit: fails late callers; says whether the activation still needs watching.</summary>
    public bool CheckTimeouts(int nowTick, int timeoutTicks, List<GrainRequest> expired)
    {
        lock (this)
        {
            _pending = WithoutExpired(_pending, nowTick, timeoutTicks, expired);
            _interleaving = WithoutExpired(_interleaving, nowTick, timeoutTicks, expired);

            if (_waiting is { Count: > 0 })
            {
                for (var i = _waiting.Count - 1; i >= 0; i--)
                {
                    if (nowTick - _waiting[i].SentTick >= timeoutTicks)
                    {
                        expired.Add(_waiting[i]);
                        _waiting.RemoveAt(i);
                    }
                }
            }

            _watched = _pending is { Count: > 0 } || _interleaving is { Count: > 0 } || _waiting is { Count: > 0 };
            return _watched;
        }
    }

    private Queue<GrainRequest>? WithoutExpired(Queue<GrainRequest>? queue, int nowTick, int timeoutTicks, List<GrainRequest> expired)
    {
        if (queue is null || !queue.Any(r => IsExpired(r, nowTick, timeoutTicks)))
        {
            return queue;
        }

        var keep = new Queue<GrainRequest>(queue.Count);
        foreach (var request in queue)
        {
            if (IsExpired(request, nowTick, timeoutTicks))
            {
                expired.Add(request);
            }
            else
            {
                keep.Enqueue(request);
            }
        }

        _runtime.AddQueued(keep.Count - queue.Count);
        return keep;
    }

    private static bool IsExpired(GrainRequest request, int nowTick, int timeoutTicks) =>
        request.HasPromise && nowTick - request.SentTick >= timeoutTicks;

    public void AddTimer(GrainTimer timer)
    {
        lock (this)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {Id} is deactivating; it cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (this)
        {
            _timers?.Remove(timer);
        }
    }

    private void DisposeTimers()
    {
        List<GrainTimer>? timers;
        lock (this)
        {
            timers = _timers;
            _timers = null;
        }

        if (timers is not null)
        {
            foreach (var timer in timers)
            {
                timer.Stop();
            }
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        bool schedule;
        lock (this)
        {
            (_ready ??= new Queue<PostedCallback>()).Enqueue(new PostedCallback(d, state));
            schedule = !_scheduled;
            _scheduled = true;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException($"Synchronous Send into grain {Id} would block its turn; use Post.");

    public override SynchronizationContext CreateCopy() => this;

    public override string ToString() => $"activation of {Id}";

    private readonly record struct PostedCallback(SendOrPostCallback Callback, object? State);

    private enum WorkKind : byte
    {
        None,
        Yield,
        Continuation,
        Activate,
        Request,
        Deactivate,
    }
}

internal enum SubmitOutcome : byte
{
    Queued,
    RunInline,
    ActivateInline,
    Retry,
}
