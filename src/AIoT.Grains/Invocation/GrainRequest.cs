namespace AIoT.Grains.Invocation;

/// <summary>
/// One call to one grain method: the arguments, the method's name for errors, and the caller's promise.
/// The source generator writes a sealed subclass per interface method, so dispatch is a virtual call, not reflection.
/// </summary>
public abstract class GrainRequest
{
    private protected GrainRequest()
    {
    }

    public abstract string InterfaceName { get; }

    public abstract string MethodName { get; }

    public virtual RequestOptions Options => RequestOptions.None;

    /// <summary>The arguments in declaration order; what a remote transport would serialize.</summary>
    public abstract object?[] GetArguments();

    /// <summary>The watchdog tick at which the call was made; the timeout counts from here.</summary>
    internal int SentTick;

    /// <summary>Stopwatch timestamp of the call, taken only while someone listens to the duration metric.</summary>
    internal long StartedAt;

    internal abstract Task Start(object target);

    /// <summary>Creates the promise the caller awaits when the call cannot finish on the caller's thread.</summary>
    internal abstract void CreatePromise(bool runContinuationsAsynchronously);

    internal abstract bool HasPromise { get; }

    /// <summary>The caller's task: a Task&lt;TResult&gt; for methods that return a value.</summary>
    internal abstract Task Promise { get; }

    internal abstract void Complete(Task task);

    internal abstract void Fail(Exception exception);

    internal string Describe(GrainId target) => $"{InterfaceName}.{MethodName} on grain {target}";
}
