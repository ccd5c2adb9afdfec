using System.Buffers.Binary;
using System.Net;

namespace AIoT.Mqtt.Broker.Native;

/// <summary>Reads a peer address as accept4 returns it (struct sockaddr_in or sockaddr_in6).</summary>
internal static class SocketAddresses
{
    private const ushort AddressFamilyInet = 2;
    private const ushort AddressFamilyInet6 = 10;

    public static IPEndPoint? ToEndPoint(ReadOnlySpan<byte> address)
    {
        if (address.Length < 8)
        {
            return null;
        }

        var family = BitConverter.ToUInt16(address);
        var port = BinaryPrimitives.ReadUInt16BigEndian(address[2..]);
        if (family == AddressFamilyInet)
        {
            return new IPEndPoint(new IPAddress(address.Slice(4, 4)), port);
        }

        if (family == AddressFamilyInet6 && address.Length >= 28)
        {
            var ip = new IPAddress(address.Slice(8, 16), BitConverter.ToUInt32(address[24..]));
            // A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d; report them as the IPv4 addresses they are.
            return new IPEndPoint(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip, port);
        }

        return null;
    }
}
