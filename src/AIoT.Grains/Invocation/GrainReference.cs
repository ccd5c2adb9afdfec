using AIoT.Grains.Runtime;

namespace AIoT.Grains.Invocation;

/// <summary>
/// Base of every generated grain reference. A reference is just an id plus the runtime: it can be kept,
/// passed to other grains and compared (equal when the ids are equal).
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    protected GrainReference(GrainId grainId, GrainRuntime runtime)
    {
        GrainId = grainId;
        Runtime = runtime;
    }

    public GrainId GrainId { get; }

    internal GrainRuntime Runtime { get; }

    /// <summary>The activation this reference reached last; skips the directory while it stays valid.</summary>
    internal ActivationData? CachedActivation;

    /// <summary>The grain class behind the id, resolved once when the reference was made.</summary>
    internal GrainClass? Class;

    protected Task<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request) => Runtime.InvokeAsync(this, request);

    protected Task InvokeAsync(GrainVoidRequest request) => Runtime.InvokeAsync(this, request);

    protected void InvokeOneWay(GrainRequest request) => Runtime.InvokeOneWay(this, request);

    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();
}
