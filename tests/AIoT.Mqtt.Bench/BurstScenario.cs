using System.Buffers;
using System.Diagnostics;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Bench;

/// <summary>How much of a burst reached the subscriber, and how fast from its first message to its last.</summary>
internal sealed record BurstResult(long Delivered, double PerSecond);

/// <summary>
/// The burst of issue 12: four publishers send 100,000 QoS 0 messages of 100 bytes between them as fast as they can to
/// one subscriber on bench/#. The subscriber waits until all have arrived, or until none has for <see cref="QuietTime"/>
/// after the publishers finished; what never came was lost.
/// </summary>
internal static class BurstScenario
{
    public const int Messages = 100_000;

    public const int Publishers = 4;

    public const int PayloadSize = 100;

    public static readonly TimeSpan QuietTime = TimeSpan.FromSeconds(5);

    public static string Name(string clients) =>
        $"burst {Messages:N0} QoS 0 {PayloadSize} B, {Publishers} pub -> 1 sub ({clients})";

    /// <summary>The burst sent and counted by the bench's own load generator.</summary>
    public static async Task<BurstResult> LoadGeneratorAsync(int port)
    {
        using var stop = new CancellationTokenSource();
        var sub = await LoadConnection.ConnectAsync(port, "burst-sub");
        await sub.SubscribeAsync("bench/#", MqttQos.AtMostOnce);
        var pubs = await Task.WhenAll(Enumerable.Range(0, Publishers).Select(p => LoadConnection.ConnectAsync(port, $"burst-pub-{p}")));
        long first = 0;
        long last = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = sub.CountAsync(_ =>
        {
            var now = Stopwatch.GetTimestamp();
            if (Interlocked.Read(ref first) == 0)
            {
                Interlocked.Exchange(ref first, now);
            }

            Interlocked.Exchange(ref last, now);
            if (Interlocked.Read(ref sub.Received) == Messages)
            {
                all.TrySetResult();
            }
        }, null, stop.Token);

        try
        {
            await Task.WhenAll(pubs.Select((pub, p) => SendShareAsync(pub, p)));
            var publishedAt = Stopwatch.GetTimestamp();
            while (!all.Task.IsCompleted && !reader.IsCompleted
                && Stopwatch.GetElapsedTime(Math.Max(Interlocked.Read(ref last), publishedAt)) < QuietTime)
            {
                await Task.WhenAny(all.Task, reader, Task.Delay(50));
            }

            var delivered = Interlocked.Read(ref sub.Received);
            var seconds = Stopwatch.GetElapsedTime(Interlocked.Read(ref first), Interlocked.Read(ref last)).TotalSeconds;
            return new BurstResult(delivered, delivered > 1 && seconds > 0 ? delivered / seconds : 0);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var connection in pubs.Append(sub))
            {
                await connection.DisposeAsync();
            }

            await reader;
        }
    }

    /// <summary>One publisher's share of the burst, written in 64 KiB chunks as fast as the socket takes them.</summary>
    private static async Task SendShareAsync(LoadConnection pub, int index)
    {
        var one = new ArrayBufferWriter<byte>();
        MqttPacketWriter.Write(new MqttPublishPacket { Topic = $"bench/p{index}", Payload = new byte[PayloadSize] }, MqttProtocolVersion.V311, one);
        var share = new byte[one.WrittenCount * (Messages / Publishers)];
        for (var offset = 0; offset < share.Length; offset += one.WrittenCount)
        {
            one.WrittenSpan.CopyTo(share.AsSpan(offset));
        }

        const int Chunk = 64 * 1024;
        for (var offset = 0; offset < share.Length; offset += Chunk)
        {
            await pub.SendRawAsync(share.AsMemory(offset, Math.Min(Chunk, share.Length - offset)));
        }
    }
}
