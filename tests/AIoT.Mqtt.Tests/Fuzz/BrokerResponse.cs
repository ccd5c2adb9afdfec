namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>What the broker sent a fuzzed connection, split into packets by their fixed headers only (no codec involved).</summary>
internal sealed record BrokerResponse(int Type, byte Code)
{
    public const int ConnAck = 2;
    public const int PingResp = 13;
    public const int Disconnect = 14;

    public static List<BrokerResponse> Split(ReadOnlySpan<byte> bytes)
    {
        var packets = new List<BrokerResponse>();
        while (bytes.Length >= 2)
        {
            var length = 0;
            var i = 0;
            while (1 + i < bytes.Length && (bytes[1 + i] & 0x80) != 0 && i < 3)
            {
                length |= (bytes[1 + i] & 0x7F) << (7 * i);
                i++;
            }

            if (1 + i >= bytes.Length)
            {
                break;
            }

            length |= bytes[1 + i] << (7 * i);
            var start = 2 + i;
            if (bytes.Length < start + length)
            {
                break;
            }

            var body = bytes.Slice(start, length);
            var type = bytes[0] >> 4;
            var code = type switch
            {
                ConnAck when body.Length >= 2 => body[1],
                Disconnect when body.Length >= 1 => body[0],
                _ => (byte)0,
            };
            packets.Add(new BrokerResponse(type, code));
            bytes = bytes[(start + length)..];
        }

        return packets;
    }

    /// <summary>
    /// What a refusal may say: a failed CONNACK, or a DISCONNECT with an error code (5.0). Whether the code fits the
    /// breakage is judged apart (<see cref="Refusal.Allows"/>), and whether a server may send it at all.
    /// </summary>
    public bool IsRefusal => Type switch
    {
        ConnAck => Code != 0,
        Disconnect => Code >= 0x80,
        _ => false,
    };

    public override string ToString() => Type switch
    {
        ConnAck => $"CONNACK 0x{Code:X2}",
        Disconnect => $"DISCONNECT 0x{Code:X2}",
        PingResp => "PINGRESP",
        _ => $"packet type {Type}",
    };
}
