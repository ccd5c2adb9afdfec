using System.Text;

namespace AIoT.Gateway.Contract;

/// <summary>
/// The size of what the gateway sends a device, held to 256 bytes: Arduino PubSubClient's default MQTT_MAX_PACKET_SIZE,
/// which counts the whole packet (fixed header, topic, packet id, properties, payload) and silently drops a larger one.
/// Sizes are those of the MQTT 5.0 encoding, the larger of the two (a 3.1.1 packet is the same without properties),
/// with room for what a broker adds to one subscriber's copy.
/// </summary>
public static class DevicePacketBudget
{
    public const int MaxPacketBytes = 256;

    /// <summary>A Subscription Identifier (up to 5 bytes) and a Topic Alias (3 bytes), which a 5.0 broker may add to a delivery.</summary>
    public const int BrokerAdditions = 8;

    /// <summary>The largest command id in decimal (ids stay below 2^31), as the payload's "id" and as correlation data.</summary>
    public const long MaxCommandId = int.MaxValue;

    /// <summary>Room for the payload of aiot/{id}/error, sent at QoS 0 without properties.</summary>
    public static int ForError(string deviceId) => MaxPayloadBytes(DeviceTopics.For(deviceId, DeviceTopicKind.Error), withPacketId: false, responseTopic: null, correlationBytes: 0);

    /// <summary>Room for the payload of a command (set or action): QoS 1, with its Response Topic and Correlation Data.</summary>
    public static int ForCommand(string deviceId, DeviceTopicKind kind, DeviceTopicKind replyKind) =>
        MaxPayloadBytes(DeviceTopics.For(deviceId, kind), withPacketId: true, DeviceTopics.For(deviceId, replyKind), ContractJson.CorrelationFor(MaxCommandId).Length);

    /// <summary>The whole MQTT 5.0 PUBLISH, broker additions included.</summary>
    public static int PacketBytes(string topic, int payloadBytes, bool withPacketId, string? responseTopic, int correlationBytes)
    {
        var properties = BrokerAdditions
            + (responseTopic is null ? 0 : 1 + 2 + Encoding.UTF8.GetByteCount(responseTopic))
            + (correlationBytes > 0 ? 1 + 2 + correlationBytes : 0);
        var remaining = 2 + Encoding.UTF8.GetByteCount(topic) + (withPacketId ? 2 : 0) + VariableIntegerBytes(properties) + properties + payloadBytes;
        return 1 + VariableIntegerBytes(remaining) + remaining;
    }

    public static int MaxPayloadBytes(string topic, bool withPacketId, string? responseTopic, int correlationBytes)
    {
        var overhead = PacketBytes(topic, 0, withPacketId, responseTopic, correlationBytes);
        var room = MaxPacketBytes - overhead;
        // The remaining length grows by a byte past 127; the payload pays for it.
        while (room > 0 && PacketBytes(topic, room, withPacketId, responseTopic, correlationBytes) > MaxPacketBytes)
        {
            room--;
        }

        return Math.Max(room, 0);
    }

    private static int VariableIntegerBytes(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };
}
