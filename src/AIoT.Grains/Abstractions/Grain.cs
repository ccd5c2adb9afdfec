using AIoT.Grains.Runtime;
using AIoT.Grains.Timers;

namespace AIoT.Grains;

/// <summary>
/// Base class of grain implementations. The runtime builds it (constructor injection from the silo's services),
/// then calls <see cref="OnActivateAsync"/> before the first request and <see cref="OnDeactivateAsync"/> when the
/// activation is collected, asked to go, or the silo stops.
/// </summary>
public abstract class Grain
{
    private ActivationData? _activation;

    private protected ActivationData Activation =>
        _activation ?? throw new InvalidOperationException($"{GetType().Name} was created outside the grain runtime; get grains from IGrainFactory.");

    public GrainId GrainId => Activation.Id;

    public string IdentityString => GrainId.ToString();

    protected IGrainFactory GrainFactory => Activation.Runtime;

    protected TimeProvider TimeProvider => Activation.Runtime.Time;

    public string GetPrimaryKeyString() => GrainId.Key.AsString();

    public long GetPrimaryKeyLong() => GrainId.Key.AsLong();

    public Guid GetPrimaryKey() => GrainId.Key.AsGuid();

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    internal void Bind(ActivationData activation) => _activation = activation;

    internal virtual Task ActivateCoreAsync(CancellationToken cancellationToken) => OnActivateAsync(cancellationToken);

    /// <summary>Deactivate once the current request ends; calls that arrive meanwhile go to a new activation.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(DeactivationReason.Requested);

    /// <summary>Not collected for at least this long, however idle.</summary>
    protected void DelayDeactivation(TimeSpan keepAlive)
    {
        var runtime = Activation.Runtime;
        Activation.KeepAliveUntilEpoch = runtime.Epoch + runtime.Collector.EpochsFor(keepAlive) + 1;
    }

    /// <summary>A reference to this grain, to hand to other grains or observers.</summary>
    public TGrainInterface AsReference<TGrainInterface>() where TGrainInterface : IGrain
    {
        if (this is not TGrainInterface)
        {
            throw new InvalidCastException($"{GetType().Name} does not implement {typeof(TGrainInterface).Name}.");
        }

        return Activation.Runtime.Bind<TGrainInterface>(GrainId, Activation.Class);
    }

    /// <summary>
    /// A timer whose ticks run as turns of this grain: never concurrently with a request (unless Interleave), never
    /// overlapping each other (the period counts from the end of a tick), and not keeping the grain alive unless
    /// KeepAlive. Disposed when the grain deactivates.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer(Activation, (s, ct) => callback((TState)s!, ct), state, options);
        Activation.AddTimer(timer);
        timer.Start();
        return timer;
    }

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions(dueTime, period));
}
