using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AIoT.Benchmarks.Load;

/// <summary>
/// One raw MQTT 3.1.1 connection publishing QoS 1 reports: it keeps up to a window of messages in flight, writes as many
/// as the window allows in one send, and counts PUBACKs; each message's time from its send to its PUBACK is kept.
/// </summary>
internal sealed class ReportConnection : IAsyncDisposable
{
    private const int MaxPerSend = 256;
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    // Send times by packet id modulo a power of two above twice the window (ids in flight are consecutive): a
    // connection of one message in flight stays small and off the large-object heap.
    private readonly long[] _sentAt;
    private readonly int _mask;
    private readonly int _bufferSize;
    private readonly SemaphoreSlim _credits;
    private readonly int _window;
    private ushort _nextId;
    private Task? _reader;
    private long _acked;
    private long _refused;

    public ReportConnection(int window)
    {
        _window = window;
        _credits = new SemaphoreSlim(window, window);
        _mask = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * window + 2)) - 1;
        _sentAt = new long[_mask + 1];
        _bufferSize = window == 1 ? 4096 : 64 * 1024;
    }

    public long Acked => Interlocked.Read(ref _acked);

    /// <summary>Messages the broker sent to this connection (error topics); counted, otherwise ignored.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Why the reader stopped, if it did.</summary>
    public string? Closed { get; private set; }

    /// <summary>Messages sent and not yet acknowledged.</summary>
    public int InFlight => _window - _credits.CurrentCount;

    /// <summary>When set, each acknowledged message's latency in µs goes here (only one reader thread adds).</summary>
    public List<double>? Latencies { get; set; }

    public async Task ConnectAsync(int port, string clientId, string? user = null, string? password = null)
    {
        await _socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await _socket.SendAsync(MqttPackets.Connect(clientId, user, password));
        var connack = new byte[4];
        var read = 0;
        while (read < 4)
        {
            var n = await _socket.ReceiveAsync(connack.AsMemory(read));
            if (n == 0)
            {
                throw new IOException("broker closed the connection before CONNACK");
            }

            read += n;
        }

        if (connack[0] != 0x20 || connack[3] != 0)
        {
            throw new IOException($"CONNACK refused: {connack[3]}");
        }

        _reader = ReadAsync();
    }

    /// <summary>
    /// Writes reports as fast as the window allows (or at the rate, when above 0) until the token fires; message n's
    /// topic and payload come from its sequence number, firstSeq + n * step.
    /// </summary>
    public async Task PublishAsync(Func<long, (string Topic, string Payload)> message, long firstSeq, long step, CancellationToken stop, double ratePerSecond = 0)
    {
        var buffer = new byte[_bufferSize];
        var seq = firstSeq;
        var clock = Stopwatch.StartNew();
        long sent = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var allowed = MaxPerSend;
                if (ratePerSecond > 0)
                {
                    var due = (long)(clock.Elapsed.TotalSeconds * ratePerSecond) - sent;
                    if (due <= 0)
                    {
                        await Task.Delay(1, stop);
                        continue;
                    }

                    allowed = (int)Math.Min(due, MaxPerSend);
                }

                await _credits.WaitAsync(stop);
                var n = 1;
                while (n < allowed && _credits.Wait(0))
                {
                    n++;
                }

                var length = 0;
                var ids = new ushort[n];
                for (var k = 0; k < n; k++)
                {
                    var (topic, payload) = message(seq);
                    seq += step;
                    ids[k] = NextId();
                    length += MqttPackets.WritePublish(buffer.AsSpan(length), topic, payload, ids[k]);
                }

                var at = Stopwatch.GetTimestamp();
                foreach (var id in ids)
                {
                    _sentAt[id & _mask] = at;
                }

                // Not cancelled by the stop: a send cut short would leave its messages counted in flight for ever.
                await _socket.SendAsync(buffer.AsMemory(0, length), SocketFlags.None);
                sent += n;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One report, waited for until its PUBACK.</summary>
    public async Task PublishOneAsync(string topic, string payload)
    {
        var before = Acked;
        var buffer = new byte[1024];
        await _credits.WaitAsync();
        var id = NextId();
        var length = MqttPackets.WritePublish(buffer, topic, payload, id);
        _sentAt[id & _mask] = Stopwatch.GetTimestamp();
        await _socket.SendAsync(buffer.AsMemory(0, length));
        var deadline = Environment.TickCount64 + 10_000;
        while (Acked == before)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("no PUBACK within 10 s");
            }

            await Task.Yield();
        }
    }

    /// <summary>Waits until every message in flight is acknowledged (or the bound passes).</summary>
    public async Task DrainAsync(int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (InFlight > 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(5);
        }
    }

    private ushort NextId()
    {
        _nextId++;
        if (_nextId == 0)
        {
            _nextId = 1;
        }

        return _nextId;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[_bufferSize];
        var have = 0;
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None);
                if (n == 0)
                {
                    Closed = $"closed by the broker after {Acked:N0} PUBACKs";
                    return;
                }

                have += n;
                var p = 0;
                var now = Stopwatch.GetTimestamp();
                while (MqttPackets.TryReadPacket(buffer.AsSpan(p, have - p), out var type, out var bodyStart, out var bodyLength))
                {
                    if (type == MqttPackets.PubAckType && bodyLength >= 2)
                    {
                        var id = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(p + bodyStart));
                        Latencies?.Add(Stopwatch.GetElapsedTime(_sentAt[id & _mask], now).TotalMicroseconds);
                        Interlocked.Increment(ref _acked);
                        _credits.Release();
                    }
                    else if (type == MqttPackets.PublishType)
                    {
                        Interlocked.Increment(ref _refused);
                    }

                    p += bodyStart + bodyLength;
                }

                Buffer.BlockCopy(buffer, p, buffer, 0, have - p);
                have -= p;
            }
        }
        catch (Exception ex)
        {
            Closed = $"reader ended after {Acked:N0} PUBACKs: {ex.GetType().Name}: {ex.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.SendAsync(MqttPackets.Disconnect);
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _socket.Dispose();
        if (_reader is not null)
        {
            await _reader;
        }
    }
}
