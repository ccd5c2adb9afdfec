namespace AIoT.Grains.Runtime;

/// <summary>Every tunable of the grain runtime, with its default.</summary>
public sealed class SiloOptions
{
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A call not answered within this time fails with a <see cref="GrainCallTimeoutException"/>.</summary>
    public TimeSpan CallTimeout { get; set; } = DefaultCallTimeout;

    /// <summary>How often the timeout watchdog looks at waiting calls; the timeout is accurate to this.</summary>
    public TimeSpan TimeoutCheckPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An activation idle this long is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>How often idle activations are looked for; the collection age is accurate to this.</summary>
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;

    /// <summary>How long stopping the silo waits for activations to deactivate.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    /// <summary>
    /// A call to an idle activation runs its first turn on the caller's thread instead of hopping through the
    /// thread pool. Turn semantics are the same either way; this only saves the hop.
    /// </summary>
    public bool RunIdleCallsInline { get; set; } = true;

    /// <summary>How deep inline calls may nest (A calls B calls C on one thread) before calls are queued instead.</summary>
    public int MaxInlineDepth { get; set; } = 4;

    /// <summary>How many turns an activation runs before yielding its thread to other work.</summary>
    public int TurnsPerSlice { get; set; } = 64;

    internal void Validate()
    {
        Require(CallTimeout > TimeSpan.Zero, nameof(CallTimeout), "must be positive");
        Require(TimeoutCheckPeriod > TimeSpan.Zero && TimeoutCheckPeriod <= CallTimeout, nameof(TimeoutCheckPeriod), "must be positive and at most CallTimeout");
        Require(CollectionQuantum > TimeSpan.Zero, nameof(CollectionQuantum), "must be positive");
        Require(CollectionAge >= CollectionQuantum, nameof(CollectionAge), "must be at least CollectionQuantum");
        Require(ShutdownTimeout >= TimeSpan.Zero, nameof(ShutdownTimeout), "must not be negative");
        Require(MaxInlineDepth >= 0, nameof(MaxInlineDepth), "must not be negative");
        Require(TurnsPerSlice > 0, nameof(TurnsPerSlice), "must be positive");
    }

    private static void Require(bool condition, string option, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"SiloOptions.{option} {rule}.");
        }
    }
}
