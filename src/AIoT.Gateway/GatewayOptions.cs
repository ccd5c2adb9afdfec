namespace AIoT.Gateway;

public sealed class GatewayOptions
{
    /// <summary>How long a device has to answer a set or action before the command is counted unanswered.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultObserverRenewal = TimeSpan.FromMinutes(4);

    /// <summary>Device grains forget observers after 10 minutes; the gateway renews its subscriptions well before (and within the collection age).</summary>
    public TimeSpan ObserverRenewal { get; set; } = DefaultObserverRenewal;

    /// <summary>The shared-subscription group gateway nodes join on an external broker, so they split the devices' messages.</summary>
    public string SharedGroup { get; set; } = "aiot-gateway";

    public static readonly TimeSpan DefaultLogSummaryInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the gateway writes one Information line summing up what devices did (went online or offline, had
    /// messages or commands refused); each device's own line is at Debug. Quiet intervals write nothing.
    /// </summary>
    public TimeSpan LogSummaryInterval { get; set; } = DefaultLogSummaryInterval;

    /// <summary>
    /// On an external broker shared by several gateway nodes, each node hears every device's status and some of its
    /// reports, so each relays it; this says whether this node is the one that sends the device's sets and actions,
    /// so a command goes out once. Null: this node sends every command (the embedded broker, or one node).
    /// </summary>
    public Func<string, bool>? SendsCommandsFor { get; set; }

    /// <summary>Publish Home Assistant discovery and the retained aiot/{id}/state for every connected device.</summary>
    public bool HomeAssistantDiscovery { get; set; }
}
