using System.Buffers;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Tests.Codec;

/// <summary>
/// Every property of every 5.0 packet, once and twice: once it decodes, twice is a Protocol Error (2.2.2.2), except the
/// user property anywhere and the subscription identifier in a PUBLISH (one per matching subscription, 3.3.4).
/// </summary>
public sealed class PropertyRepetitionTests
{
    /// <summary>Where each property may appear, as the table in 2.2.2.2 of the 5.0 spec lists it ("Will" is the will's properties in CONNECT).</summary>
    private static readonly (byte Id, string[] Packets)[] Table =
    [
        (1, ["PUBLISH", "Will"]),
        (2, ["PUBLISH", "Will"]),
        (3, ["PUBLISH", "Will"]),
        (8, ["PUBLISH", "Will"]),
        (9, ["PUBLISH", "Will"]),
        (11, ["PUBLISH", "SUBSCRIBE"]),
        (17, ["CONNECT", "CONNACK", "DISCONNECT"]),
        (18, ["CONNACK"]),
        (19, ["CONNACK"]),
        (21, ["CONNECT", "CONNACK", "AUTH"]),
        (22, ["CONNECT", "CONNACK", "AUTH"]),
        (23, ["CONNECT"]),
        (24, ["Will"]),
        (25, ["CONNECT"]),
        (26, ["CONNACK"]),
        (28, ["CONNACK", "DISCONNECT"]),
        (31, ["CONNACK", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP", "SUBACK", "UNSUBACK", "DISCONNECT", "AUTH"]),
        (33, ["CONNECT", "CONNACK"]),
        (34, ["CONNECT", "CONNACK"]),
        (35, ["PUBLISH"]),
        (36, ["CONNACK"]),
        (37, ["CONNACK"]),
        (38, ["CONNECT", "Will", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP", "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "DISCONNECT", "AUTH"]),
        (39, ["CONNECT", "CONNACK"]),
        (40, ["CONNACK"]),
        (41, ["CONNACK"]),
        (42, ["CONNACK"]),
    ];

    public static TheoryData<string, byte> EveryPropertyWhereItMayAppear()
    {
        var data = new TheoryData<string, byte>();
        foreach (var (id, packets) in Table)
        {
            foreach (var packet in packets)
            {
                data.Add(packet, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPropertyWhereItMayAppear))]
    public void A_property_decodes_once_and_twice_only_where_the_spec_lets_it_repeat(string packet, byte id)
    {
        var once = Packet(packet, Property(id));
        Decode(once);

        var twice = Packet(packet, [.. Property(id), .. Property(id)]);
        var mayRepeat = id == 38 || (id == 11 && packet == "PUBLISH");
        if (mayRepeat)
        {
            Decode(twice);
        }
        else
        {
            var error = Assert.Throws<MqttProtocolException>(() => Decode(twice));
            Assert.Equal(MqttReasonCode.ProtocolError, error.ReasonCode);
            Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_property_identifier_longer_than_one_byte_is_malformed_not_read_as_its_low_byte()
    {
        // 0x81 0x02 is 257 as a variable byte integer; its low byte, 1, would be a payload format indicator.
        var publish = Packet("PUBLISH", [0x81, 0x02, 0x01]);
        var error = Assert.Throws<MqttProtocolException>(() => Decode(publish));
        Assert.Equal(MqttReasonCode.MalformedPacket, error.ReasonCode);
    }

    private static void Decode(byte[] packet)
    {
        var buffer = new ReadOnlySequence<byte>(packet);
        Assert.True(MqttPacketReader.TryRead(ref buffer, MqttProtocolVersion.V500, 1 << 20, out _));
        Assert.Equal(0, buffer.Length);
    }

    /// <summary>One property with a value valid for it.</summary>
    private static byte[] Property(byte id) => id switch
    {
        1 or 23 or 25 or 36 or 37 or 40 or 41 or 42 => [id, 1],
        2 or 17 or 24 or 39 => [id, 0, 0, 0, 1],
        3 or 8 or 18 or 21 or 26 or 28 or 31 => [id, 0, 1, (byte)'a'],
        9 or 22 => [id, 0, 1, 7],
        11 => [id, 1],
        19 or 33 or 34 or 35 => [id, 0, 1],
        38 => [id, 0, 1, (byte)'k', 0, 1, (byte)'v'],
        _ => throw new ArgumentOutOfRangeException(nameof(id)),
    };

    /// <summary>A minimal valid 5.0 packet of the named type whose properties are <paramref name="properties"/>.</summary>
    private static byte[] Packet(string packet, byte[] properties)
    {
        byte[] block = [(byte)properties.Length, .. properties];
        byte[] topic = [0, 1, (byte)'t'];
        var (first, body) = packet switch
        {
            "CONNECT" => ((byte)0x10, [.. ConnectHeader(0x02), .. block, .. topic]),
            "Will" => ((byte)0x10, [.. ConnectHeader(0x06), 0, .. topic, .. block, .. topic, 0, 1, (byte)'p']),
            "CONNACK" => ((byte)0x20, [0, 0, .. block]),
            "PUBLISH" => ((byte)0x30, [.. topic, .. block, (byte)'x']),
            "PUBACK" => ((byte)0x40, [0, 1, 0, .. block]),
            "PUBREC" => ((byte)0x50, [0, 1, 0, .. block]),
            "PUBREL" => ((byte)0x62, [0, 1, 0, .. block]),
            "PUBCOMP" => ((byte)0x70, [0, 1, 0, .. block]),
            "SUBSCRIBE" => ((byte)0x82, [0, 1, .. block, .. topic, 0]),
            "SUBACK" => ((byte)0x90, [0, 1, .. block, 0]),
            "UNSUBSCRIBE" => ((byte)0xA2, [0, 1, .. block, .. topic]),
            "UNSUBACK" => ((byte)0xB0, [0, 1, .. block, 0]),
            "DISCONNECT" => ((byte)0xE0, [0, .. block]),
            "AUTH" => ((byte)0xF0, (byte[])[0, .. block]),
            _ => throw new ArgumentOutOfRangeException(nameof(packet)),
        };

        Assert.True(body.Length < 128, "the test's packets keep a one-byte remaining length");
        return [first, (byte)body.Length, .. body];
    }

    /// <summary>Protocol name "MQTT", level 5, the flags, keep-alive 60.</summary>
    private static byte[] ConnectHeader(byte flags) => [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, flags, 0, 60];
}
