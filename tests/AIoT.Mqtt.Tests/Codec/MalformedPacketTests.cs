using System.Buffers;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Tests.Codec;

/// <summary>Hand-made bytes that break the spec, each with the reason code the spec asks for.</summary>
public sealed class MalformedPacketTests
{
    public static TheoryData<string, string, MqttProtocolVersion, MqttReasonCode> Corpus => new()
    {
        { "remaining length of five bytes", "30 FF FF FF FF 01", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "PUBREL with flags 0", "60 02 00 01", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "SUBSCRIBE with flags 0", "80 06 00 01 00 01 61 00", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "PINGREQ with flags", "C1 00", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "PUBLISH QoS 3", "36 05 00 01 61 00 01", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "PUBLISH QoS 0 with DUP", "38 03 00 01 61", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "PUBLISH topic with wildcard", "30 05 00 03 61 2F 23", MqttProtocolVersion.V311, MqttReasonCode.TopicNameInvalid },
        { "PUBLISH topic with +", "30 05 00 03 61 2F 2B", MqttProtocolVersion.V311, MqttReasonCode.TopicNameInvalid },
        { "PUBLISH QoS 1 packet id 0", "32 05 00 01 61 00 00", MqttProtocolVersion.V311, MqttReasonCode.ProtocolError },
        { "topic with U+0000", "30 05 00 03 61 00 62", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "topic with invalid UTF-8", "30 04 00 02 C3 28", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "topic with UTF-16 surrogate", "30 05 00 03 ED A0 80", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "string runs past the packet", "30 03 00 09 61", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "SUBSCRIBE with no filters", "82 02 00 01", MqttProtocolVersion.V311, MqttReasonCode.ProtocolError },
        { "SUBSCRIBE asking QoS 3", "82 06 00 01 00 01 61 03", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "SUBSCRIBE 3.1.1 with reserved option bits", "82 06 00 01 00 01 61 04", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // Found by the fuzzer: 5.0 makes a Maximum QoS of 3 a Protocol Error (3.8.3.1); it was reported as malformed, as in 3.1.1.
        { "SUBSCRIBE 5.0 asking QoS 3", "82 07 00 01 00 00 01 61 03", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "SUBSCRIBE 5.0 retain handling 3", "82 07 00 01 00 00 01 61 30", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "UNSUBSCRIBE packet id 0", "A2 05 00 00 00 01 61", MqttProtocolVersion.V311, MqttReasonCode.ProtocolError },
        { "CONNECT reserved flag", "10 0D 00 04 4D 51 54 54 04 03 00 3C 00 01 61", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "CONNECT protocol level 3", "10 0D 00 04 4D 51 54 54 03 02 00 3C 00 01 61", MqttProtocolVersion.V311, MqttReasonCode.UnsupportedProtocolVersion },
        { "CONNECT will QoS without will", "10 0D 00 04 4D 51 54 54 04 0A 00 3C 00 01 61", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "CONNECT 3.1.1 password without user", "10 10 00 04 4D 51 54 54 04 42 00 3C 00 01 61 00 01 70", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "PUBLISH 5.0 property length past the end", "30 0A 00 01 61 09 02 00 00 00 01 02", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { "PUBLISH 5.0 property twice", "30 0E 00 01 61 0A 02 00 00 00 01 02 00 00 00 02", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "PUBLISH 5.0 property not allowed", "30 07 00 01 61 03 21 00 05", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { "PUBLISH 5.0 topic alias 0", "30 07 00 01 61 03 23 00 00", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "PUBLISH 5.0 empty topic without alias", "30 03 00 00 00", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "reserved packet type 0", "00 00", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "AUTH in 3.1.1", "F0 00", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "PINGREQ with a body", "C0 01 00", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // Found by the fuzzer (Fuzz/): a remaining length in more bytes than it needs (MQTT-1.5.5-1) was read as its value.
        { "remaining length 0 in two bytes", "C0 80 00", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "remaining length 5 in four bytes", "A2 85 80 80 00 00 01 00 01 61", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        // The same rule for the variable byte integers inside a 5.0 packet (here the property length).
        { "SUBSCRIBE 5.0 property length 0 in two bytes", "82 08 00 01 80 00 00 01 61 00", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        // Found by the fuzzer: a property identifier over one byte was cut to its low byte, 258 (82 02) read as 2 and
        // 534 (96 04) as 22, so an undefined property passed for a defined one.
        { "PUBLISH 5.0 property id 258", "30 0A 00 01 61 06 82 02 00 00 00 3C", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { "CONNECT 5.0 property id 534", "10 11 00 04 4D 51 54 54 05 02 00 0A 04 96 04 00 00 00 00", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Each_malformed_packet_yields_its_reason_code(string what, string hex, MqttProtocolVersion version, MqttReasonCode expected)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));
        var error = Assert.Throws<MqttProtocolException>(() => MqttPacketReader.TryRead(ref buffer, version, 1 << 20, out _));
        Assert.True(expected == error.ReasonCode, $"{what}: expected {expected}, got {error.ReasonCode} ({error.Message})");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_packet_over_the_size_limit_is_refused_before_it_is_buffered()
    {
        var header = new ReadOnlySequence<byte>([0x30, 0xFF, 0xFF, 0x7F]);
        var error = Assert.Throws<MqttProtocolException>(() => MqttPacketReader.TryRead(ref header, MqttProtocolVersion.V500, 1024, out _));
        Assert.Equal(MqttReasonCode.PacketTooLarge, error.ReasonCode);
    }
}
