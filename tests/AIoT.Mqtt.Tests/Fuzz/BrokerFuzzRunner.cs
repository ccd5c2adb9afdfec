using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>Runs one case over real loopback TCP and judges it: the broker must end or answer in time, and refuse what it must.</summary>
internal static class BrokerFuzzRunner
{
    /// <summary>Far above what a healthy broker needs (milliseconds), far below a hang; the drain's own bound on close is 5 s.</summary>
    private static readonly TimeSpan EndBound = TimeSpan.FromSeconds(15);

    public static async Task<string?> RunAsync(BrokerFuzzCase c, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(EndBound * 2);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        var opened = Stopwatch.GetTimestamp();
        var connAcked = opened;
        var received = new List<byte>();
        if (c.Connect is { } connect)
        {
            await socket.SendAsync(connect, timeout.Token);
            var connAck = await ReadFirstPacketAsync(socket, received, timeout.Token);
            connAcked = Stopwatch.GetTimestamp();
            if (connAck is not { Type: BrokerResponse.ConnAck, Code: 0 })
            {
                return $"the setup CONNECT got {connAck?.ToString() ?? "no answer"}";
            }
        }

        if (c.Pace == Pace.DribbleForever)
        {
            return await JudgeSlowWriterAsync(socket, c, received, lastWholePacket: c.Connect is null ? opened : connAcked);
        }

        try
        {
            await SendAsync(socket, c, timeout.Token);
            if (!c.BrokerCloses)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The broker closed mid-send: what it sent before is judged below.
        }

        using var end = new CancellationTokenSource(EndBound);
        if (!await ReadToEndAsync(socket, received, end.Token))
        {
            return c.BrokerCloses
                ? $"hang: the broker did not close the connection within {EndBound.TotalSeconds} s"
                : $"hang: the connection did not end within {EndBound.TotalSeconds} s after the client's FIN";
        }

        var responses = BrokerResponse.Split([.. received]);
        if (JudgeDisconnects(c, responses) is { } wrongDisconnect)
        {
            return wrongDisconnect;
        }

        if (c.MustRefuse is { } refusal)
        {
            if (responses.FirstOrDefault(r => !r.IsRefusal) is { } accepted)
            {
                return $"wrong acceptance: answered {string.Join(", ", responses)} ({accepted} is not a refusal)";
            }

            var disconnect = responses.FirstOrDefault(r => r.Type == BrokerResponse.Disconnect);
            if (disconnect is null && c.BrokerExplains && c.BrokerCloses)
            {
                return $"silent refusal: a 5.0 session was closed without a DISCONNECT saying why (answered {string.Join(", ", responses)})";
            }

            if (disconnect is not null && !refusal.Allows(disconnect.Code))
            {
                return $"wrong reason code: {disconnect} for {refusal}";
            }
        }

        if (c.MustAnswer && !responses.Any(r => r.Type == BrokerResponse.PingResp))
        {
            return $"wrong refusal: valid packets were not all taken, the probe got no PINGRESP (answered {string.Join(", ", responses)})";
        }

        return null;
    }

    /// <summary>
    /// Every DISCONNECT the broker sends carries a code a server's DISCONNECT may (5.0, 3.14.2.1), comes after a
    /// CONNACK that accepted the connection (MQTT-3.14.0-1), and goes to 5.0 clients only (3.1.1 has no server DISCONNECT).
    /// </summary>
    private static string? JudgeDisconnects(BrokerFuzzCase c, List<BrokerResponse> responses)
    {
        var accepted = c.Connect is not null;
        foreach (var response in responses)
        {
            accepted |= response is { Type: BrokerResponse.ConnAck, Code: 0 };
            if (response.Type != BrokerResponse.Disconnect)
            {
                continue;
            }

            if (!accepted)
            {
                return $"a DISCONNECT before any CONNACK accepted the connection (answered {string.Join(", ", responses)})";
            }

            if (c.Connect is not null && c.Version == Packets.MqttProtocolVersion.V311)
            {
                return $"a DISCONNECT to a 3.1.1 client (answered {string.Join(", ", responses)})";
            }

            if (!Refusal.ServerDisconnectCodes.Contains(response.Code))
            {
                return $"{response}: a code a server's DISCONNECT may not carry (answered {string.Join(", ", responses)})";
            }
        }

        return null;
    }

    /// <summary>
    /// A writer that sends a byte of an unfinished packet every few milliseconds, for ever: only whole packets count for
    /// keep-alive (3.1.2.10) and the CONNECT timeout counts from the connection's start, so the broker must close it
    /// at 1.5 × the keep-alive (or the CONNECT timeout) after the last whole packet, within the sweep's period and some
    /// slack for a busy machine; a 5.0 session is told why (Keep Alive timeout).
    /// </summary>
    private static async Task<string?> JudgeSlowWriterAsync(Socket socket, BrokerFuzzCase c, List<byte> received, long lastWholePacket)
    {
        var deadline = TimeSpan.FromSeconds(c.Connect is null ? 1.0 : 1.5 * BrokerFuzzCase.SlowKeepAlive);
        var latest = deadline + TimeSpan.FromSeconds(2.5);
        using var reading = new CancellationTokenSource(EndBound);
        var writer = Task.Run(async () =>
        {
            try
            {
                var rng = new Random(c.Index);
                for (var at = 0; !reading.IsCancellationRequested; at++)
                {
                    var next = at < c.Stream.Length ? c.Stream[at] : (byte)rng.Next(256);
                    await socket.SendAsync(new[] { next }, reading.Token);
                    await Task.Delay(rng.Next(5, 30), reading.Token);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The broker closed the connection (the point), or the bound passed.
            }
        });
        var ended = await ReadToEndAsync(socket, received, reading.Token);
        var open = Stopwatch.GetElapsedTime(lastWholePacket);
        await reading.CancelAsync();
        await writer;
        if (!ended)
        {
            return $"hang: a writer dribbling a packet that never ends was not closed within {EndBound.TotalSeconds} s";
        }

        if (open < deadline - TimeSpan.FromMilliseconds(100) || open > latest)
        {
            return $"a writer dribbling a packet that never ends was closed {open.TotalSeconds:F2} s after its last whole packet; " +
                $"expected at {deadline.TotalSeconds:F1} s (by {latest.TotalSeconds:F1} s at the latest)";
        }

        var responses = BrokerResponse.Split([.. received]);
        if (JudgeDisconnects(c, responses) is { } wrongDisconnect)
        {
            return wrongDisconnect;
        }

        if (c.BrokerExplains && !responses.Any(r => r is { Type: BrokerResponse.Disconnect, Code: Refusal.KeepAliveTimeout }))
        {
            return $"a 5.0 session closed for its keep-alive was not told so (DISCONNECT 0x8D); answered {string.Join(", ", responses)}";
        }

        return null;
    }

    private static async Task SendAsync(Socket socket, BrokerFuzzCase c, CancellationToken cancellation)
    {
        if (c.Pace == Pace.AtOnce)
        {
            await socket.SendAsync(c.Stream, cancellation);
            return;
        }

        // A few bytes at a time, at most about a hundred pieces; real time is the point of a slow writer.
        var rng = new Random(c.Index);
        var piece = Math.Max(1, c.Stream.Length / 100);
        for (var at = 0; at < c.Stream.Length;)
        {
            var count = Math.Min(c.Stream.Length - at, piece * rng.Next(1, 5));
            await socket.SendAsync(c.Stream.AsMemory(at, count), cancellation);
            at += count;
            await Task.Delay(rng.Next(1, 6), cancellation);
        }
    }

    private static async Task<BrokerResponse?> ReadFirstPacketAsync(Socket socket, List<byte> received, CancellationToken cancellation)
    {
        var chunk = new byte[4096];
        while (true)
        {
            if (BrokerResponse.Split([.. received]) is [var first, ..])
            {
                // The CONNACK is the only packet before the fuzz: nothing else is subscribed or in flight yet.
                received.Clear();
                return first;
            }

            var read = await socket.ReceiveAsync(chunk, cancellation);
            if (read == 0)
            {
                return null;
            }

            received.AddRange(chunk.AsSpan(0, read));
        }
    }

    /// <summary>False when the connection is still open at the deadline.</summary>
    private static async Task<bool> ReadToEndAsync(Socket socket, List<byte> received, CancellationToken cancellation)
    {
        var chunk = new byte[16384];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(chunk, cancellation);
                if (read == 0)
                {
                    return true;
                }

                received.AddRange(chunk.AsSpan(0, read));
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
