using System.Net.Sockets;
using System.Threading.Channels;

namespace AIoT.Mqtt.Bench.Conformance;

/// <summary>One control packet as it came off the wire: the fixed header's first byte and the bytes after the remaining length.</summary>
internal sealed record RawPacket(byte Header, byte[] Body)
{
    public int Type => Header >> 4;

    public int Flags => Header & 0x0F;

    public override string ToString() => $"{TypeName(Type)} (0x{Header:X2}, {Body.Length} B)";

    public static string TypeName(int type) => type switch
    {
        1 => "CONNECT", 2 => "CONNACK", 3 => "PUBLISH", 4 => "PUBACK", 5 => "PUBREC", 6 => "PUBREL", 7 => "PUBCOMP",
        8 => "SUBSCRIBE", 9 => "SUBACK", 10 => "UNSUBSCRIBE", 11 => "UNSUBACK", 12 => "PINGREQ", 13 => "PINGRESP",
        14 => "DISCONNECT", 15 => "AUTH", _ => $"type {type}",
    };
}

/// <summary>
/// A byte-level MQTT client for the conformance probe: sends exactly the bytes a check builds (malformed ones too) and
/// frames what comes back without interpreting it, so every broker is judged by the same independent reader rather
/// than by our own codec.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Channel<RawPacket> _incoming = Channel.CreateUnbounded<RawPacket>();
    private readonly Task _reading;

    /// <summary>Packets passed over while waiting for another type (a broker may send retained PUBLISHes before the SUBACK), read next.</summary>
    private readonly List<RawPacket> _held = [];

    private RawClient(Socket socket)
    {
        _socket = socket;
        _reading = Task.Run(ReadLoopAsync);
    }

    /// <summary>True once the broker has closed the connection (or reset it) and everything it sent before was read.</summary>
    public bool Closed => _held.Count == 0 && _incoming.Reader.Completion.IsCompleted;

    public static async Task<RawClient> OpenAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        return new RawClient(socket);
    }

    public async Task SendAsync(byte[] bytes)
    {
        try
        {
            await _socket.SendAsync(bytes, SocketFlags.None);
        }
        catch (SocketException)
        {
            // The broker may already have closed on an earlier packet; the check reads that from Closed.
        }
    }

    /// <summary>The next packet, or null when the broker closed the connection or sent nothing within <paramref name="wait"/>.</summary>
    public async Task<RawPacket?> NextAsync(TimeSpan wait)
    {
        if (_held.Count > 0)
        {
            var first = _held[0];
            _held.RemoveAt(0);
            return first;
        }

        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _incoming.Reader.ReadAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>The next packet of one type; packets of other types that come first are kept for the next reads.</summary>
    public async Task<RawPacket?> NextOfTypeAsync(int type, TimeSpan wait)
    {
        var index = _held.FindIndex(p => p.Type == type);
        if (index >= 0)
        {
            var found = _held[index];
            _held.RemoveAt(index);
            return found;
        }

        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var packet = await _incoming.Reader.ReadAsync(timeout.Token);
                if (packet.Type == type)
                {
                    return packet;
                }

                _held.Add(packet);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Whether the broker closes the connection within <paramref name="wait"/>; packets sent before closing are returned in order.</summary>
    public async Task<(bool Closed, List<RawPacket> Before)> ClosesWithinAsync(TimeSpan wait)
    {
        var before = new List<RawPacket>();
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            var packet = await NextAsync(deadline - DateTime.UtcNow);
            if (packet is null)
            {
                return (Closed, before);
            }

            before.Add(packet);
        }

        return (Closed, before);
    }

    /// <summary>Drops the TCP connection without DISCONNECT, as a device losing power would.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                pending.AddRange(buffer.AsSpan(0, read));
                while (TryFrame(pending, out var packet))
                {
                    _incoming.Writer.TryWrite(packet);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        _incoming.Writer.TryComplete();
    }

    private static bool TryFrame(List<byte> pending, out RawPacket packet)
    {
        packet = null!;
        var length = 0;
        var multiplier = 1;
        var index = 1;
        while (true)
        {
            if (index >= pending.Count || index > 4)
            {
                return false;
            }

            var digit = pending[index++];
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            if ((digit & 0x80) == 0)
            {
                break;
            }
        }

        if (pending.Count < index + length)
        {
            return false;
        }

        packet = new RawPacket(pending[0], pending.GetRange(index, length).ToArray());
        pending.RemoveRange(0, index + length);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _reading;
    }
}
