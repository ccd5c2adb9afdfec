namespace AIoT.Ecosystem.Runtime;

/// <summary>How the twins use their storage provider.</summary>
public sealed class TwinStorageOptions
{
    public const bool DefaultWriteOnShutdown = true;
    public static readonly TimeSpan DefaultTelemetryFlush = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a twin holds reports unwritten: the first unwritten report arms a one-shot timer this long, and what a
    /// crash (kill -9, a lost machine) can lose of telemetry. Commands, provisioning and actions are written at once.
    /// </summary>
    public TimeSpan TelemetryFlush { get; set; } = DefaultTelemetryFlush;

    /// <summary>
    /// Whether twins write what they hold unwritten when the silo shuts down. Turn it off for Orleans' memory storage:
    /// it is lost at exit anyway, and its storage grains stop alongside the twins, so each write would fail.
    /// </summary>
    public bool WriteOnShutdown { get; set; } = DefaultWriteOnShutdown;

    /// <summary>Whether a twin deactivating for <paramref name="reason"/> writes its unwritten state.</summary>
    public bool WritesOnDeactivation(DeactivationReason reason) => WriteOnShutdown || reason.ReasonCode != DeactivationReasonCode.ShuttingDown;
}
