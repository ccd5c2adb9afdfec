using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Broker;

/// <summary>What hangs on a filter in the subscription tree.</summary>
internal abstract class RouteTarget;

/// <summary>One client's subscription to one filter.</summary>
internal sealed class SessionSubscription(MqttSession session, string filter, MqttSubscription options, uint? subscriptionId, string? shareGroup) : RouteTarget
{
    public MqttSession Session { get; } = session;

    /// <summary>As the client wrote it, "$share/..." included.</summary>
    public string Filter { get; } = filter;

    public MqttSubscription Options { get; } = options;

    public uint? SubscriptionId { get; } = subscriptionId;

    public string? ShareGroup { get; } = shareGroup;
}

/// <summary>A $share group on one filter: each message goes to one member, in turn.</summary>
internal sealed class SharedGroup(string name, string filter) : RouteTarget
{
    private int _next;

    public string Name { get; } = name;

    public string Filter { get; } = filter;

    public List<SessionSubscription> Members { get; } = [];

    /// <summary>Set, under the Members lock, when the last member left and the group left the broker's index.</summary>
    public bool Retired { get; set; }

    /// <summary>The next member, preferring connected ones; null when the group is empty.</summary>
    public SessionSubscription? Pick()
    {
        lock (Members)
        {
            if (Members.Count == 0)
            {
                return null;
            }

            for (var i = 0; i < Members.Count; i++)
            {
                var candidate = Members[(_next + i) % Members.Count];
                if (candidate.Session.IsConnected)
                {
                    _next = (_next + i + 1) % Members.Count;
                    return candidate;
                }
            }

            return Members[_next++ % Members.Count];
        }
    }
}

/// <summary>A subscription made by the host process itself.</summary>
internal sealed class HandlerSubscription(string filter, Func<MqttMessage, ValueTask> handler) : RouteTarget
{
    public string Filter { get; } = filter;

    public Func<MqttMessage, ValueTask> Handler { get; } = handler;
}
