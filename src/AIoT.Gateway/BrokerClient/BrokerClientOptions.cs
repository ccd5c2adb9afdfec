using AIoT.Mqtt.Packets;

namespace AIoT.Gateway.BrokerClient;

/// <summary>How a <see cref="BrokerConnection"/> joins its broker; the defaults are those of the gateway and the emulator.</summary>
public sealed class BrokerClientOptions
{
    public BrokerClientOptions(BrokerAddress address)
    {
        Address = address;
        UserName = address.UserName;
        Password = address.Password;
    }

    public BrokerAddress Address { get; }

    /// <summary>Used when <see cref="BrokerAddress.UseTls"/>.</summary>
    public BrokerTrust Trust { get; set; } = BrokerTrust.System;

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
}
