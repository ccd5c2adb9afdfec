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
        var received = new List<byte>();
        if (c.Connect is { } connect)
        {
            await socket.SendAsync(connect, timeout.Token);
            var connAck = await ReadFirstPacketAsync(socket, received, timeout.Token);
            if (connAck is not { Type: BrokerResponse.ConnAck, Code: 0 })
            {
                return $"the setup CONNECT got {connAck?.ToString() ?? "no answer"}";
            }
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
        if (c.MustRefuse is not null && responses.FirstOrDefault(r => !r.IsRefusal) is { } accepted)
        {
            return $"wrong acceptance: answered {string.Join(", ", responses)} ({accepted} is not a refusal)";
        }

        if (c.MustAnswer && !responses.Any(r => r.Type == BrokerResponse.PingResp))
        {
            return $"wrong refusal: valid packets were not all taken, the probe got no PINGRESP (answered {string.Join(", ", responses)})";
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
