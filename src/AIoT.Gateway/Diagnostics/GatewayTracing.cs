using System.Diagnostics;

namespace AIoT.Gateway.Diagnostics;

/// <summary>
/// The gateway's spans: one per message a device sends (its grain calls are children) and one per command sent back to
/// a device. A command starts on a grain's observer notification, whose span Orleans records (with AddActivityPropagation
/// and its Microsoft.Orleans.Application source listened to) as a child of whatever changed the twin: a scene, an API call.
/// Orleans carries the trace context only while it records its own spans; without them each of these spans starts a trace.
/// </summary>
public static class GatewayTracing
{
    public const string Name = "AIoT.Gateway";

    public static readonly ActivitySource Source = new(Name);

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

        var activity = Source.StartActivity($"mqtt {kind}", ActivityKind.Producer);
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
}
