using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Broker;

/// <summary>
/// What the broker keeps for a client id across connections: subscriptions, messages in flight and queued, QoS 2
/// packet ids awaiting release. All of it under <see cref="Gate"/>.
/// </summary>
internal sealed class MqttSession(string clientId, MqttBroker broker)
{
    private ushort _lastPacketId;
    private long _inflightBytes;

    // In flight from an earlier connection and not yet sent again on this one.
    private Queue<ushort>? _owed;

    public string ClientId { get; } = clientId;

    /// <summary>Guards everything below. A <see cref="Lock"/>, not a monitor, for the reason given on the connection's write lock.</summary>
    public Lock Gate { get; } = new();

    public MqttConnection? Connection { get; set; }

    public bool IsConnected => Connection is not null;

    /// <summary>Dropped by the broker (clean start, end, expiry): it takes no more subscriptions.</summary>
    public bool Discarded { get; set; }

    // Created on first use: most sessions of idle devices never need some of them, and a broker holds many sessions.
    private Dictionary<string, SessionSubscription>? _subscriptions;
    private Dictionary<ushort, InflightMessage>? _inflight;
    private Queue<QueuedMessage>? _queue;
    private HashSet<ushort>? _incomingQos2;

    public Dictionary<string, SessionSubscription> Subscriptions => _subscriptions ??= new(StringComparer.Ordinal);

    public Dictionary<ushort, InflightMessage> Inflight => _inflight ??= [];

    public Queue<QueuedMessage> Queue => _queue ??= new();

    public HashSet<ushort> IncomingQos2 => _incomingQos2 ??= [];

    /// <summary>Seconds the session outlives its connection; 0 ends it with the connection.</summary>
    public uint ExpirySeconds { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>
    /// The queue behind the in-flight window has filled to half of <see cref="MqttBrokerOptions.MaxQueuedMessages"/> and
    /// not yet drained below a quarter: the connection holds its publishers back meanwhile (backpressure, docs/mqtt.md).
    /// </summary>
    public bool QueueFilling => Volatile.Read(ref _queueFilling);

    private bool _queueFilling;

    /// <summary>QoS 1/2 deliveries the client may have unacknowledged: its receive maximum or the broker's limit, the lower.</summary>
    public ushort InflightWindow { get; set; } = ushort.MaxValue;

    /// <summary>Delivers or queues one message for this client. Caller holds no lock.</summary>
    public void Deliver(MqttMessage message, MqttQos subscribedQos, bool retain, List<uint>? subscriptionIds)
    {
        var qos = (MqttQos)Math.Min((byte)message.Qos, (byte)subscribedQos);
        lock (Gate)
        {
            if (Connection is null || (qos != MqttQos.AtMostOnce && InflightFull))
            {
                if (qos == MqttQos.AtMostOnce && Connection is null)
                {
                    return;
                }

                if (Queue.Count >= broker.Options.MaxQueuedMessages)
                {
                    broker.Metrics.Dropped.Add(1);
                    return;
                }

                Queue.Enqueue(new QueuedMessage(message, qos, retain, subscriptionIds));
                if (Connection is { } connection && Queue.Count * 2 >= broker.Options.MaxQueuedMessages)
                {
                    // Half the queue behind a full in-flight window: hold the publisher back before the queue overflows.
                    Volatile.Write(ref _queueFilling, true);
                    connection.OnQueueFilling();
                }

                return;
            }

            Send(message, qos, retain, subscriptionIds, dup: false);
        }
    }

    /// <summary>
    /// Whether QoS 1/2 deliveries must wait: the client's window (its receive maximum and the broker's limit) or the
    /// bytes it has unacknowledged are used up. The bytes bound what a slow subscriber holds of large messages.
    /// </summary>
    private bool InflightFull => Inflight.Count >= InflightWindow || _inflightBytes >= broker.Options.MaxInflightBytes;

    /// <summary>The client acknowledged (or refused) a delivery: it leaves the window and what waited moves up. Holds <see cref="Gate"/>.</summary>
    public void Acknowledge(ushort packetId)
    {
        Forget(packetId);
        Pump();
    }

    private void Forget(ushort packetId)
    {
        if (Inflight.Remove(packetId, out var done))
        {
            _inflightBytes -= Size(done.Message);
        }
    }

    private static long Size(MqttMessage message) => message.Topic.Length + message.Payload.Length;

    /// <summary>After an acknowledgement or a reconnect: send what waited, as far as the in-flight window allows. Holds <see cref="Gate"/>.</summary>
    public void Pump()
    {
        ResendOwed();
        while (Connection is not null && _queue is { Count: > 0 })
        {
            var next = Queue.Peek();
            if (next.Qos != MqttQos.AtMostOnce && InflightFull)
            {
                return;
            }

            Queue.Dequeue();
            if (Queue.Count * 4 < broker.Options.MaxQueuedMessages)
            {
                Volatile.Write(ref _queueFilling, false);
            }

            if (next.Message.ExpiresAt is { } expiry && expiry <= broker.Time.GetUtcNow())
            {
                continue;
            }

            Send(next.Message, next.Qos, next.Retain, next.SubscriptionIds, dup: false);
        }
    }

    /// <summary>
    /// On reconnect: resend what was in flight, oldest first, with DUP set (and PUBREL where PUBREC came). Holds
    /// <see cref="Gate"/>. A client that came back with a smaller receive maximum gets no more than that at once
    /// (MQTT-3.3.4-9); the rest stay owed and go out as acknowledgements free the window.
    /// </summary>
    public void Redeliver()
    {
        if (_inflight is not { Count: > 0 })
        {
            return;
        }

        _owed = new Queue<ushort>(_inflight.OrderBy(i => i.Value.Sequence).Select(i => i.Key));
        ResendOwed();
    }

    private void ResendOwed()
    {
        while (Connection is not null && _owed is { Count: > 0 } && Inflight.Count - _owed.Count < InflightWindow)
        {
            var id = _owed.Dequeue();
            if (!Inflight.TryGetValue(id, out var inflight))
            {
                continue;
            }

            if (inflight.AwaitingPubComp)
            {
                Connection.Send(new MqttPublishAckPacket(MqttPacketType.PubRel) { PacketId = id });
            }
            else if (!Connection.SendPublish(inflight.Message, inflight.Qos, inflight.Retain, inflight.SubscriptionIds, id, dup: true))
            {
                Forget(id);
            }
        }
    }

    private void Send(MqttMessage message, MqttQos qos, bool retain, List<uint>? subscriptionIds, bool dup)
    {
        ushort id = 0;
        if (qos != MqttQos.AtMostOnce)
        {
            id = NextPacketId();
            Inflight[id] = new InflightMessage(message, qos, retain, subscriptionIds, broker.NextSequence());
            _inflightBytes += Size(message);
        }

        if (!Connection!.SendPublish(message, qos, retain, subscriptionIds, id, dup) && qos != MqttQos.AtMostOnce)
        {
            // Too large for this client: it counts as delivered (5.0, 3.1.2.11.4), and no acknowledgement will free its slot.
            Forget(id);
        }
    }

    private ushort NextPacketId()
    {
        do
        {
            _lastPacketId = (ushort)(_lastPacketId == ushort.MaxValue ? 1 : _lastPacketId + 1);
        }
        while (Inflight.ContainsKey(_lastPacketId));
        return _lastPacketId;
    }
}

internal sealed record QueuedMessage(MqttMessage Message, MqttQos Qos, bool Retain, List<uint>? SubscriptionIds);

internal sealed class InflightMessage(MqttMessage message, MqttQos qos, bool retain, List<uint>? subscriptionIds, long sequence)
{
    public MqttMessage Message { get; } = message;

    public MqttQos Qos { get; } = qos;

    public bool Retain { get; } = retain;

    public List<uint>? SubscriptionIds { get; } = subscriptionIds;

    public long Sequence { get; } = sequence;

    /// <summary>QoS 2: PUBREC came, PUBREL sent, PUBCOMP awaited.</summary>
    public bool AwaitingPubComp { get; set; }
}
