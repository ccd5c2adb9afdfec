namespace AIoT.Grains.Diagnostics;

/// <summary>Every instrument name of the grain runtime, so dashboards and docs have one place to look.</summary>
public static class GrainMetricNames
{
    public const string MeterName = "AIoT.Grains";
    public const string Activations = "aiot.grains.activations";
    public const string ActivationsCreated = "aiot.grains.activations.created";
    public const string ActivationsFailed = "aiot.grains.activations.failed";
    public const string Collections = "aiot.grains.collections";
    public const string Calls = "aiot.grains.calls";
    public const string CallsFailed = "aiot.grains.calls.failed";
    public const string CallTimeouts = "aiot.grains.calls.timeouts";
    public const string CallDuration = "aiot.grains.call.duration";
    public const string QueuedRequests = "aiot.grains.queue.length";
}
