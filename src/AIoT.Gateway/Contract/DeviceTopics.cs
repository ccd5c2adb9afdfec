namespace AIoT.Gateway.Contract;

/// <summary>What a topic under aiot/{device id}/ carries; docs/mqtt-contract.md is the reference.</summary>
public enum DeviceTopicKind
{
    /// <summary>Device to platform, retained: "online" (birth message) or "offline" (last will).</summary>
    Status,

    /// <summary>Device to platform: property values it has now.</summary>
    Report,

    /// <summary>Device to platform: an event occurred.</summary>
    Event,

    /// <summary>Platform to device: set properties.</summary>
    Set,

    /// <summary>Device to platform: the outcome of a set.</summary>
    SetReply,

    /// <summary>Platform to device: invoke an action.</summary>
    Action,

    /// <summary>Device to platform: the outcome of an action.</summary>
    ActionReply,

    /// <summary>Platform to device: something the device sent was refused, and why.</summary>
    Error,

    /// <summary>Platform to anyone, retained: the whole twin as JSON (with Home Assistant discovery on).</summary>
    State,

    /// <summary>Anyone but a device to platform: set properties on the twin, as a command (Home Assistant's command topic).</summary>
    TwinSet,
}

/// <summary>The topic layout of the device contract: aiot/{device id}/{kind}.</summary>
public static class DeviceTopics
{
    public const string Root = "aiot";

    public const string Online = "online";

    public const string Offline = "offline";

    private static readonly (DeviceTopicKind Kind, string Suffix)[] Suffixes =
    [
        (DeviceTopicKind.Status, "status"),
        (DeviceTopicKind.Report, "report"),
        (DeviceTopicKind.Event, "event"),
        (DeviceTopicKind.Set, "set"),
        (DeviceTopicKind.SetReply, "set/reply"),
        (DeviceTopicKind.Action, "action"),
        (DeviceTopicKind.ActionReply, "action/reply"),
        (DeviceTopicKind.Error, "error"),
        (DeviceTopicKind.State, "state"),
        (DeviceTopicKind.TwinSet, "twin/set"),
    ];

    /// <summary>The kinds a device publishes; the gateway subscribes to these for every device.</summary>
    public static IReadOnlyList<DeviceTopicKind> FromDevice { get; } =
        [DeviceTopicKind.Status, DeviceTopicKind.Report, DeviceTopicKind.Event, DeviceTopicKind.SetReply, DeviceTopicKind.ActionReply];

    /// <summary>Every kind the gateway handles: the devices' own, plus twin/set from other clients.</summary>
    public static IReadOnlyList<DeviceTopicKind> ToPlatform { get; } = [.. FromDevice, DeviceTopicKind.TwinSet];

    public static string For(string deviceId, DeviceTopicKind kind) => $"{Root}/{deviceId}/{Suffix(kind)}";

    /// <summary>The filter matching one kind for every device: aiot/+/report.</summary>
    public static string FilterFor(DeviceTopicKind kind) => $"{Root}/+/{Suffix(kind)}";

    public static bool IsFromDevice(DeviceTopicKind kind) => FromDevice.Contains(kind);

    /// <summary>The catalog writes actions "2.a1" and events "2.e1"; on the wire they are "siid.aiid" and "siid.eiid", as in MIoT: "2.1".</summary>
    public static string NumericKey(string catalogKey) => catalogKey.Replace(".a", ".", StringComparison.Ordinal).Replace(".e", ".", StringComparison.Ordinal);

    public static bool TryParse(string topic, out string deviceId, out DeviceTopicKind kind)
    {
        deviceId = "";
        kind = default;
        var span = topic.AsSpan();
        if (!span.StartsWith(Root) || span.Length <= Root.Length + 1 || span[Root.Length] != '/')
        {
            return false;
        }

        var rest = span[(Root.Length + 1)..];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var suffix = rest[(slash + 1)..];
        foreach (var (candidate, text) in Suffixes)
        {
            if (suffix.SequenceEqual(text))
            {
                deviceId = rest[..slash].ToString();
                kind = candidate;
                return true;
            }
        }

        return false;
    }

    private static string Suffix(DeviceTopicKind kind)
    {
        foreach (var (candidate, text) in Suffixes)
        {
            if (candidate == kind)
            {
                return text;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
    }
}
