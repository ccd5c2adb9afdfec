namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>
/// Why the spec says a stream must be refused, and the reason codes a 5.0 server's DISCONNECT may give for it (empty:
/// any error code; the breakage has no one code, or the broker cannot tell it from others it may meet first).
/// </summary>
internal sealed class Refusal(string reason, params byte[] codes)
{
    public const byte Malformed = 0x81;
    public const byte ProtocolError = 0x82;
    public const byte KeepAliveTimeout = 0x8D;
    public const byte TopicNameInvalid = 0x90;
    public const byte PacketTooLarge = 0x95;

    /// <summary>Reason codes a server may send in DISCONNECT (MQTT 5.0, 3.14.2.1, the rows "Sent by: Server" or "Client or Server").</summary>
    public static readonly byte[] ServerDisconnectCodes =
    [
        0x00, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A,
        0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2,
    ];

    public string Reason { get; } = reason;

    public byte[] Codes { get; } = codes;

    public bool Allows(byte code) => Codes.Length == 0 ? code >= 0x80 : Codes.Contains(code);

    public override string ToString() =>
        Codes.Length == 0 ? Reason : $"{Reason} (DISCONNECT {string.Join(" or ", Codes.Select(c => $"0x{c:X2}"))})";
}
