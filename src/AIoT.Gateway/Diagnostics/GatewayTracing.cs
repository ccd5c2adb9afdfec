using System.Diagnostics;
using Orleans.Runtime;

namespace AIoT.Gateway.Diagnostics;

/// <summary>
/// The gateway's spans: one per message a device sends (its grain calls are children) and one per command sent back to
/// a device. A command starts on a grain's observer notification, so its parent is the span that changed the twin: the
/// current activity, or else the W3C trace context Orleans carried in the request context.
/// </summary>
public static class GatewayTracing
{
    public const string Name = "AIoT.Gateway";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>Orleans' activity propagation keeps the caller's context under these request-context keys.</summary>
    private const string TraceParentKey = "traceparent";
    private const string TraceStateKey = "tracestate";

    public static Activity? StartReceived(string deviceId, string topic, string kind)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"mqtt {kind}", ActivityKind.Consumer);
        activity?.SetTag("aiot.device", deviceId);
        activity?.SetTag("messaging.system", "mqtt");
        activity?.SetTag("messaging.destination.name", topic);
        return activity;
    }

    public static Activity? StartCommand(string deviceId, string topic, string kind, long id)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Activity.Current is null && CarriedContext() is { } parent
            ? Source.StartActivity($"mqtt {kind}", ActivityKind.Producer, parent)
            : Source.StartActivity($"mqtt {kind}", ActivityKind.Producer);
        activity?.SetTag("aiot.device", deviceId);
        activity?.SetTag("aiot.command.id", id);
        activity?.SetTag("messaging.system", "mqtt");
        activity?.SetTag("messaging.destination.name", topic);
        return activity;
    }

    /// <summary>Marks the message's span as failed when the gateway refused items of it.</summary>
    public static void MarkRefused(int count, string firstReason)
    {
        if (Activity.Current is { } activity && activity.Source == Source)
        {
            activity.SetStatus(ActivityStatusCode.Error, $"{count} item(s) refused; first: {firstReason}");
        }
    }

    private static ActivityContext? CarriedContext() =>
        RequestContext.Get(TraceParentKey) is string traceParent
        && ActivityContext.TryParse(traceParent, RequestContext.Get(TraceStateKey) as string, isRemote: true, out var context)
            ? context
            : null;
}
