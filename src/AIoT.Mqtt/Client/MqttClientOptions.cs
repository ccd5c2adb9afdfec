using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Client;

public sealed class MqttClientOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    public string ClientId { get; set; } = $"aiot-client-{Guid.NewGuid():N}";

    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V500;

    public bool CleanStart { get; set; } = true;

    public ushort KeepAliveSeconds { get; set; } = 30;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public MqttWill? Will { get; set; }

    /// <summary>5.0 session expiry asked of the broker; 3.1.1 keeps a session exactly when CleanStart is false.</summary>
    public uint SessionExpirySeconds { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long PUBLISH, SUBSCRIBE and UNSUBSCRIBE wait for their acknowledgement.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnect after a lost connection, waiting longer after each failure, up to the maximum.</summary>
    public bool AutoReconnect { get; set; } = true;

    public TimeSpan ReconnectDelayMin { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Parses mqtt://[user:password@]host[:port].</summary>
    public static MqttClientOptions FromUri(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme != "mqtt")
        {
            throw new ArgumentException($"'{uri}' is not an mqtt://host:port address.", nameof(uri));
        }

        var options = new MqttClientOptions { Host = parsed.Host, Port = parsed.IsDefaultPort || parsed.Port < 0 ? 1883 : parsed.Port };
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            options.UserName = Uri.UnescapeDataString(parts[0]);
            options.Password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }

        return options;
    }
}
