using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace AIoT.Mqtt.Bench;

/// <summary>
/// What .NET itself costs per idle connection, before any MQTT: live managed bytes per accepted socket waiting in a
/// zero-byte receive, bare and with the NetworkStream and PipeReader our broker reads through. The floor any broker
/// on .NET sockets starts from.
/// </summary>
internal static class SocketFloor
{
    public static async Task RunAsync(int count, Action<string> print)
    {
        // Both ends live in this process; a connected socket costs about the same at either end, so half of a bare
        // pair is one client's share, taken off the other measurements.
        var pair = await MeasureAsync(count, Setup.Bare);
        var client = pair / 2;
        print($"| .NET floor per idle connection: accepted socket | {pair - client:N0} B managed |");
        print($"| .NET floor per idle connection: accepted socket waiting in a zero-byte receive | {await MeasureAsync(count, Setup.ZeroByteReceive) - client:N0} B managed |");
        print($"| .NET floor per idle connection: the same through NetworkStream and PipeReader (as our broker reads) | {await MeasureAsync(count, Setup.Pipe) - client:N0} B managed |");
    }

    private enum Setup
    {
        Bare,
        ZeroByteReceive,
        Pipe,
    }

    private static async Task<double> MeasureAsync(int count, Setup setup)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(512);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var kept = new List<object>(count * 2);
        var before = Live();
        for (var i = 0; i < count; i++)
        {
            var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(IPAddress.Loopback, port);
            var server = await listener.AcceptSocketAsync();
            kept.Add(client);
            switch (setup)
            {
                case Setup.Bare:
                    kept.Add(server);
                    break;
                case Setup.ZeroByteReceive:
                    kept.Add((server, server.ReceiveAsync(Memory<byte>.Empty).AsTask()));
                    break;
                default:
                    var stream = new NetworkStream(server, ownsSocket: true);
                    var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
                    kept.Add((stream, reader, reader.ReadAsync().AsTask()));
                    break;
            }
        }

        await Task.Delay(500);
        var perConnection = (Live() - before) / (double)count;
        foreach (var item in kept)
        {
            (item as IDisposable)?.Dispose();
        }

        GC.KeepAlive(kept);
        return perConnection;
    }

    private static long Live()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
