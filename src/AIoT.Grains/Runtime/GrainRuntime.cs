using System.Diagnostics;
using AIoT.Grains.Diagnostics;
using AIoT.Grains.Invocation;
using Microsoft.Extensions.Logging;

namespace AIoT.Grains.Runtime;

/// <summary>
/// The heart of a silo: finds or creates activations, hands them calls, and is the grain factory.
/// Generated references call into it; applications reach it through <see cref="IGrainFactory"/>.
/// </summary>
public sealed class GrainRuntime : IGrainFactory
{
    private static readonly GrainType ObserverType = GrainType.Get("observer", GrainKeyKind.Guid);

    private readonly CancellationTokenSource _stopping = new();
    private readonly GrainClass _observerClass;
    private long _queued;
    private volatile bool _accepting;

    internal GrainRuntime(SiloOptions options, IServiceProvider services, TimeProvider time, ILogger logger, GrainClassMap classes)
    {
        Options = options;
        Services = services;
        Time = time;
        Logger = logger;
        Classes = classes;
        Directory = new ActivationDirectory();
        Metrics = new GrainMetrics(() => Directory.Count, () => Interlocked.Read(ref _queued));
        Watchdog = new CallTimeoutWatchdog(this);
        Collector = new ActivationCollector(this);
        _observerClass = new GrainClass(ObserverType, typeof(object), isReentrant: false, factory: null, collectable: false);
    }

    internal SiloOptions Options { get; }

    internal IServiceProvider Services { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal GrainClassMap Classes { get; }

    internal ActivationDirectory Directory { get; }

    internal GrainMetrics Metrics { get; }

    internal CallTimeoutWatchdog Watchdog { get; }

    internal ActivationCollector Collector { get; }

    internal int Epoch => Collector.Epoch;

    internal int Tick => Watchdog.Tick;

    internal CancellationToken StoppingToken => _stopping.Token;

    internal int ActivationCount => Directory.Count;

    internal long QueuedCount => Interlocked.Read(ref _queued);

    internal void AddQueued(int delta) => Interlocked.Add(ref _queued, delta);

    internal void Start()
    {
        _accepting = true;
        Watchdog.Start();
        Collector.Start();
    }

    /// <summary>Refuses new calls, deactivates every grain and waits for them, up to the shutdown timeout.</summary>
    internal async Task StopAsync()
    {
        _accepting = false;
        foreach (var activation in Directory.All)
        {
            activation.RequestDeactivation(DeactivationReason.ShuttingDown);
        }

        // Real time on purpose: a test's manual clock must not make shutdown wait forever.
        var deadline = Environment.TickCount64 + (long)Options.ShutdownTimeout.TotalMilliseconds;
        while (Directory.All.Any(a => a.Class.IsCollectable) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        var left = Directory.All.Count(a => a.Class.IsCollectable);
        if (left > 0)
        {
            Logger.LogWarning("{Count} activations did not deactivate within {Timeout}", left, Options.ShutdownTimeout);
        }

        _stopping.Cancel();
        Watchdog.Dispose();
        Collector.Dispose();
        Metrics.Dispose();
    }

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        CreateReference<TGrainInterface>(GrainKey.FromString(key), GrainKeyKind.String);

    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey =>
        CreateReference<TGrainInterface>(GrainKey.FromGuid(key), GrainKeyKind.Guid);

    public TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey =>
        CreateReference<TGrainInterface>(GrainKey.FromLong(key), GrainKeyKind.Integer);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId id) where TGrainInterface : IGrain
    {
        var grainClass = Classes.ForInterface(typeof(TGrainInterface));
        if (!ReferenceEquals(grainClass.GrainType, id.Type))
        {
            throw new ArgumentException($"{id} is a '{id.Type}' grain; {typeof(TGrainInterface).Name} is implemented by '{grainClass.GrainType}'.", nameof(id));
        }

        return Bind<TGrainInterface>(id, grainClass);
    }

    /// <summary>Finds a grain type known to this silo by name, for parsing ids that crossed a boundary.</summary>
    public GrainType? FindGrainType(string name) => Classes.ForTypeName(name)?.GrainType;

    private TGrainInterface CreateReference<TGrainInterface>(GrainKey key, GrainKeyKind kind)
    {
        var grainClass = Classes.ForInterface(typeof(TGrainInterface));
        if (grainClass.GrainType.KeyKind != kind)
        {
            throw new InvalidOperationException($"Grain type '{grainClass.GrainType}' is keyed by {grainClass.GrainType.KeyKind}, not {kind}.");
        }

        return Bind<TGrainInterface>(new GrainId(grainClass.GrainType, key), grainClass);
    }

    internal TInterface Bind<TInterface>(GrainId id, GrainClass grainClass)
    {
        var reference = GeneratedCodeRegistry.GetReferenceFactory(typeof(TInterface))(id, this);
        reference.Class = grainClass;
        return (TInterface)(object)reference;
    }

    /// <summary>Turns any reference into another interface of the same grain.</summary>
    internal TInterface Cast<TInterface>(GrainReference reference)
    {
        var cast = GeneratedCodeRegistry.GetReferenceFactory(typeof(TInterface))(reference.GrainId, this);
        cast.Class = reference.Class;
        return (TInterface)(object)cast;
    }

    public TObserver CreateObjectReference<TObserver>(TObserver observer) where TObserver : class, IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is GrainReference)
        {
            throw new ArgumentException("Pass the observer object itself, not a reference to it.", nameof(observer));
        }

        var id = new GrainId(ObserverType, GrainKey.FromGuid(Guid.NewGuid()));
        var activation = new ActivationData(id, _observerClass, this, observer);
        Directory.Add(activation);
        var reference = GeneratedCodeRegistry.GetReferenceFactory(typeof(TObserver))(id, this);
        reference.Class = _observerClass;
        reference.CachedActivation = activation;
        return (TObserver)(object)reference;
    }

    public void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : class, IGrainObserver
    {
        if (reference is not GrainReference grainReference || !ReferenceEquals(grainReference.GrainId.Type, ObserverType))
        {
            throw new ArgumentException("Not an observer reference made by CreateObjectReference.", nameof(reference));
        }

        if (Directory.TryGet(grainReference.GrainId, out var activation))
        {
            activation!.RequestDeactivation(DeactivationReason.Requested);
        }
    }

    internal Task<TResult> InvokeAsync<TResult>(GrainReference reference, GrainRequest<TResult> request) =>
        (Task<TResult>)Invoke(reference, request);

    internal Task InvokeAsync(GrainReference reference, GrainVoidRequest request) => Invoke(reference, request);

    /// <summary>The call path; the task it returns is typed like the grain method's.</summary>
    private Task Invoke(GrainReference reference, GrainRequest request)
    {
        Metrics.CallCount.Add(1);
        StampStart(request);
        while (true)
        {
            if (!TryResolve(reference, out var activation, out var error))
            {
                request.CreatePromise(runContinuationsAsynchronously: false);
                request.Fail(error);
                return request.Promise;
            }

            switch (activation.TrySubmit(request, Options.RunIdleCallsInline, touch: true))
            {
                case SubmitOutcome.RunInline:
                    return RecordInline(request, activation.RunInline(request));
                case SubmitOutcome.ActivateInline:
                    return activation.ActivateInline(request) ? RecordInline(request, activation.RunInline(request)) : request.Promise;
                case SubmitOutcome.Queued:
                    return request.Promise;
                default:
                    reference.CachedActivation = null;
                    continue;
            }
        }
    }

    internal void InvokeOneWay(GrainReference reference, GrainRequest request)
    {
        Metrics.CallCount.Add(1);
        StampStart(request);
        while (true)
        {
            if (!TryResolve(reference, out var activation, out var error))
            {
                throw error;
            }

            if (activation.TrySubmit(request, allowInline: false, touch: true) != SubmitOutcome.Retry)
            {
                return;
            }

            reference.CachedActivation = null;
        }
    }

    /// <summary>Hands a request left behind by a deactivated activation to the next one.</summary>
    internal void Forward(GrainId id, GrainRequest request)
    {
        if (!_accepting)
        {
            request.Fail(new SiloUnavailableException($"{request.Describe(id)} was not served: the silo is stopping."));
            return;
        }

        var grainClass = Classes.ForTypeName(id.Type.Name);
        if (grainClass is null)
        {
            request.Fail(new InvalidOperationException($"{request.Describe(id)}: the grain is gone and cannot be reactivated."));
            return;
        }

        while (Directory.GetOrCreate(id, grainClass, this).TrySubmit(request, allowInline: false, touch: true) == SubmitOutcome.Retry)
        {
        }
    }

    private bool TryResolve(GrainReference reference, out ActivationData activation, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Exception? error)
    {
        var cached = reference.CachedActivation;
        if (cached is not null && !cached.IsInvalid)
        {
            activation = cached;
            error = null;
            return true;
        }

        activation = null!;
        if (!_accepting)
        {
            error = new SiloUnavailableException($"Cannot call grain {reference.GrainId}: the silo is not running.");
            return false;
        }

        var grainClass = reference.Class;
        if (grainClass is null || !grainClass.IsCollectable)
        {
            if (grainClass is not null && Directory.TryGet(reference.GrainId, out var hosted))
            {
                activation = hosted!;
                error = null;
                return true;
            }

            error = new InvalidOperationException(grainClass is null
                ? $"Reference to {reference.GrainId} is not bound to a grain class."
                : $"Observer {reference.GrainId} was deleted.");
            return false;
        }

        activation = Directory.GetOrCreate(reference.GrainId, grainClass, this);
        reference.CachedActivation = activation;
        error = null;
        return true;
    }

    private void StampStart(GrainRequest request)
    {
        if (Metrics.Duration.Enabled)
        {
            request.StartedAt = Stopwatch.GetTimestamp();
        }
    }

    private Task RecordInline(GrainRequest request, Task task)
    {
        if (task.IsCompleted)
        {
            RecordOutcome(request, task);
        }

        return task;
    }

    internal void OnRequestFinished(ActivationData activation, GrainRequest request, Task task)
    {
        RecordOutcome(request, task);
        if (task.IsFaulted && !request.HasPromise && request is not Timers.TimerTickRequest)
        {
            Logger.LogError(task.Exception!.InnerException, "One-way call {Call} failed", request.Describe(activation.Id));
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            request.Complete(task);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void RecordOutcome(GrainRequest request, Task task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            Metrics.FailedCalls.Add(1);
        }

        if (request.StartedAt != 0)
        {
            Metrics.Duration.Record(Stopwatch.GetElapsedTime(request.StartedAt).TotalMilliseconds);
        }
    }
}
