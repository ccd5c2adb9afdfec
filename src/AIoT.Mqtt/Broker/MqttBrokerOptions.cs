using System.Net;
using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Broker;

/// <summary>Every limit of the broker, with its default.</summary>
public sealed class MqttBrokerOptions
{
    public const int DefaultPort = 1883;
    public const uint DefaultMaximumPacketSize = 1 << 20;
    public const ushort DefaultReceiveMaximum = 100;
    public const ushort DefaultTopicAliasMaximum = 64;
    public const int DefaultMaxQueuedMessages = 1000;
    public const int DefaultPendingHighWaterBytes = 1 << 20;
    public const int DefaultPendingLowWaterBytes = 256 << 10;
    public const int DefaultPendingHardLimitBytes = 8 << 20;
    public static readonly TimeSpan DefaultPendingHardLimitGrace = TimeSpan.FromSeconds(10);
    public const long DefaultPendingBudgetBytes = 512L << 20;
    public const int DefaultMaxInflightMessages = 1000;
    public const int DefaultMaxInflightBytes = 1 << 20;

    public static readonly TimeSpan DefaultLogSummaryInterval = TimeSpan.FromSeconds(10);

    /// <summary>No cap: every client keeps the keep-alive it asks for, 0 (no keep-alive) included.</summary>
    public const ushort DefaultMaxKeepAlive = 0;

    /// <summary>Loopback by default: reachable only from this machine until you choose otherwise.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>0 picks a free port; <see cref="MqttBroker.Port"/> tells which.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Largest packet accepted; announced to 5.0 clients.</summary>
    public uint MaximumPacketSize { get; set; } = DefaultMaximumPacketSize;

    /// <summary>QoS 1 and 2 messages a client may have unacknowledged towards the broker (announced to 5.0 clients).</summary>
    public ushort ReceiveMaximum { get; set; } = DefaultReceiveMaximum;

    /// <summary>QoS 1 and 2 messages the broker sends a client before it waits for acknowledgements; a 5.0 client's receive maximum may lower it.</summary>
    public int MaxInflightMessages { get; set; } = DefaultMaxInflightMessages;

    /// <summary>Bytes of QoS 1 and 2 messages (topic and payload) unacknowledged towards one client; past this, messages wait in its session queue.</summary>
    public int MaxInflightBytes { get; set; } = DefaultMaxInflightBytes;

    /// <summary>
    /// Topic aliases per connection, each way: how many a 5.0 client may set (announced in CONNACK), and at most how
    /// many the broker uses on its deliveries to a client that allows them. 0 turns topic aliases off.
    /// </summary>
    public ushort TopicAliasMaximum { get; set; } = DefaultTopicAliasMaximum;

    /// <summary>Messages held per session while the client is offline or its in-flight window is full; more are dropped and counted.</summary>
    public int MaxQueuedMessages { get; set; } = DefaultMaxQueuedMessages;

    /// <summary>
    /// Bytes waiting to be written to one connection past which the broker stops reading from the connections whose
    /// messages went to it, until it drains below <see cref="PendingLowWaterBytes"/> (docs/mqtt.md, Backpressure).
    /// </summary>
    public int PendingHighWaterBytes { get; set; } = DefaultPendingHighWaterBytes;

    /// <summary>Bytes pending below which a congested connection lets the publishers it held back be read again.</summary>
    public int PendingLowWaterBytes { get; set; } = DefaultPendingLowWaterBytes;

    /// <summary>
    /// Bytes pending past which QoS 0 messages to a connection are dropped (and counted), once it has stayed congested
    /// for <see cref="PendingHardLimitGrace"/>; from then on it no longer holds back its publishers.
    /// </summary>
    public int PendingHardLimitBytes { get; set; } = DefaultPendingHardLimitBytes;

    /// <summary>How long a connection may stay above the high-water mark, holding back its publishers, before it is treated as stalled.</summary>
    public TimeSpan PendingHardLimitGrace { get; set; } = DefaultPendingHardLimitGrace;

    /// <summary>Bytes pending over all connections together; past this, QoS 0 messages to any connection are dropped (and counted).</summary>
    public long PendingBudgetBytes { get; set; } = DefaultPendingBudgetBytes;

    /// <summary>Upper bound on any session's expiry, also for 3.1.1 persistent sessions (which never expire by the spec).</summary>
    public TimeSpan MaxSessionExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Longest keep-alive, in seconds, a client may use; 0 sets no cap. A 5.0 client that asks for more, or for none
    /// (0), is told this value as Server Keep Alive in CONNACK and held to it. A 3.1.1 client cannot be told, so it is
    /// refused with return code 2 (identifier rejected), as mosquitto's max_keepalive does.
    /// </summary>
    public ushort MaxKeepAlive { get; set; } = DefaultMaxKeepAlive;

    /// <summary>How long a new connection may take to send CONNECT.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public MqttQos MaximumQos { get; set; } = MqttQos.ExactlyOnce;

    /// <summary>
    /// How often the broker writes one Information line summing up what it refused or closed (credentials refused,
    /// keep-alives expired, protocol errors ...); each client's own line is at Debug. Quiet intervals write nothing.
    /// </summary>
    public TimeSpan LogSummaryInterval { get; set; } = DefaultLogSummaryInterval;

    /// <summary>How often $SYS statistics are published; zero turns them off.</summary>
    public TimeSpan SystemTopicsInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Serve TCP clients from the broker's own epoll event loop (Linux only; elsewhere this is ignored). An idle client
    /// then costs a fraction of what a .NET Socket with a pending read costs; false uses .NET sockets and streams.
    /// </summary>
    public bool OwnEventLoop { get; set; } = true;

    /// <summary>Who may connect: return Success, or the reason to refuse. Null lets everyone in.</summary>
    public Func<MqttConnectContext, ValueTask<MqttReasonCode>>? Authenticate { get; set; }

    /// <summary>Whether a client may publish to a topic. Null allows every publish.</summary>
    public Func<MqttClientInfo, string, ValueTask<bool>>? AuthorizePublish { get; set; }

    /// <summary>Whether a client may subscribe to a filter. Null allows every subscription.</summary>
    public Func<MqttClientInfo, string, ValueTask<bool>>? AuthorizeSubscribe { get; set; }

    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"MqttBrokerOptions.Port {Port} is not a TCP port.");
        }

        if (MaximumPacketSize < 128)
        {
            throw new ArgumentException("MqttBrokerOptions.MaximumPacketSize must be at least 128 bytes.");
        }

        if (ReceiveMaximum == 0 || MaxQueuedMessages < 1)
        {
            throw new ArgumentException("MqttBrokerOptions: ReceiveMaximum and MaxQueuedMessages must be positive.");
        }

        ValidatePendingLimits();

        if (LogSummaryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"MqttBrokerOptions.LogSummaryInterval {LogSummaryInterval} must be positive.");
        }

        if (MaxInflightMessages is < 1 or > ushort.MaxValue || MaxInflightBytes < 1)
        {
            throw new ArgumentException($"MqttBrokerOptions: MaxInflightMessages must be 1 to {ushort.MaxValue} (packet ids are 16 bits) and MaxInflightBytes positive.");
        }
    }

    private void ValidatePendingLimits()
    {
        if (PendingHighWaterBytes < 1024)
        {
            throw new ArgumentException($"MqttBrokerOptions.PendingHighWaterBytes {PendingHighWaterBytes} must be at least 1 KiB.");
        }

        if (PendingLowWaterBytes < 0 || PendingLowWaterBytes >= PendingHighWaterBytes)
        {
            throw new ArgumentException($"MqttBrokerOptions.PendingLowWaterBytes {PendingLowWaterBytes} must be at least 0 and below PendingHighWaterBytes ({PendingHighWaterBytes}).");
        }

        if (PendingHardLimitBytes < PendingHighWaterBytes)
        {
            throw new ArgumentException($"MqttBrokerOptions.PendingHardLimitBytes {PendingHardLimitBytes} must be at least PendingHighWaterBytes ({PendingHighWaterBytes}).");
        }

        if (PendingHardLimitGrace < TimeSpan.Zero)
        {
            throw new ArgumentException($"MqttBrokerOptions.PendingHardLimitGrace {PendingHardLimitGrace} must not be negative.");
        }

        if (PendingBudgetBytes < PendingHardLimitBytes)
        {
            throw new ArgumentException($"MqttBrokerOptions.PendingBudgetBytes {PendingBudgetBytes} must be at least PendingHardLimitBytes ({PendingHardLimitBytes}).");
        }
    }
}

/// <summary>What an authentication hook sees of a connecting client.</summary>
public sealed record MqttConnectContext(string ClientId, string? UserName, ReadOnlyMemory<byte>? Password, EndPoint? RemoteEndPoint, MqttProtocolVersion ProtocolVersion);

/// <summary>A connected client, as authorization hooks and events see it.</summary>
public sealed record MqttClientInfo(string ClientId, string? UserName, EndPoint? RemoteEndPoint, MqttProtocolVersion ProtocolVersion);
