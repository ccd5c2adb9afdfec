using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Bench;

internal sealed record ThroughputResult(double DeliveriesPerSecond, double PublishesPerSecond);

internal static class Scenarios
{
    /// <summary>P publishers blast at one QoS; S subscribers on bench/# count what reaches them.</summary>
    public static async Task<ThroughputResult> ThroughputAsync(int port, int publishers, int subscribers, MqttQos qos, int payloadSize, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource();
        var tasks = new List<Task>();

        // Everyone connects first, in parallel as a fleet would; then the publishers start together.
        var subs = (await Task.WhenAll(Enumerable.Range(0, subscribers).Select(async s =>
        {
            var sub = await LoadConnection.ConnectAsync(port, $"sub-{s}");
            await sub.SubscribeAsync("bench/#", qos);
            return sub;
        }))).ToList();
        var pubs = (await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => LoadConnection.ConnectAsync(port, $"pub-{p}")))).ToList();
        tasks.AddRange(subs.Select(sub => sub.CountAsync(null, null, stop.Token)));
        var published = new long[publishers];
        for (var p = 0; p < publishers; p++)
        {
            var index = p;
            tasks.Add(qos == MqttQos.AtMostOnce
                ? PublishQos0Async(pubs[p], $"bench/p{index}", payloadSize, v => published[index] = v, stop.Token)
                : PublishQos1Async(pubs[p], $"bench/p{index}", payloadSize, v => published[index] = v, stop.Token));
        }

        await Task.Delay(500);
        var startDeliveries = subs.Sum(s => Interlocked.Read(ref s.Received));
        var startPublished = published.Sum();
        var watch = Stopwatch.StartNew();
        await Task.Delay(duration);
        var deliveries = subs.Sum(s => Interlocked.Read(ref s.Received)) - startDeliveries;
        var sent = published.Sum() - startPublished;
        var seconds = watch.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        foreach (var connection in subs.Concat(pubs))
        {
            await connection.DisposeAsync();
        }

        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        return new ThroughputResult(deliveries / seconds, sent / seconds);
    }

    private static async Task PublishQos0Async(LoadConnection pub, string topic, int payloadSize, Action<long> progress, CancellationToken stop)
    {
        var one = Encode(new MqttPublishPacket { Topic = topic, Payload = new byte[payloadSize] });
        const int Batch = 32;
        var batch = new byte[one.Length * Batch];
        for (var i = 0; i < Batch; i++)
        {
            one.CopyTo(batch, i * one.Length);
        }

        long sent = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await pub.SendRawAsync(batch);
                sent += Batch;
                progress(sent);
            }
        }
        catch (Exception)
        {
        }
    }

    /// <summary>QoS 1 with up to 100 messages in flight, as a device SDK with a send window would.</summary>
    private static async Task PublishQos1Async(LoadConnection pub, string topic, int payloadSize, Action<long> progress, CancellationToken stop)
    {
        const int Window = 100;
        var template = Encode(new MqttPublishPacket { Topic = topic, Payload = new byte[payloadSize], Qos = MqttQos.AtLeastOnce, PacketId = 1 });
        var idOffset = template.Length - payloadSize - 2;
        long acked = 0;
        var ackSignal = new SemaphoreSlim(0);
        var reader = pub.CountAsync(null, () =>
        {
            Interlocked.Increment(ref acked);
            ackSignal.Release();
        }, stop);
        long sent = 0;
        var batch = new ArrayBufferWriter<byte>(template.Length * 16);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                batch.ResetWrittenCount();
                while (sent - Interlocked.Read(ref acked) < Window && batch.WrittenCount < template.Length * 16)
                {
                    var span = batch.GetSpan(template.Length);
                    template.CopyTo(span);
                    BinaryPrimitives.WriteUInt16BigEndian(span[idOffset..], (ushort)(sent % 65000 + 1));
                    batch.Advance(template.Length);
                    sent++;
                }

                if (batch.WrittenCount > 0)
                {
                    await pub.SendRawAsync(batch.WrittenMemory);
                    progress(Interlocked.Read(ref acked));
                }
                else
                {
                    await ackSignal.WaitAsync(stop);
                }
            }
        }
        catch (Exception)
        {
        }

        await reader;
    }

    /// <summary>Round trip from publisher to subscriber through the broker, paced well below saturation.</summary>
    public static async Task<(double P50Micros, double P99Micros)> LatencyAsync(int port, MqttQos qos, int samples)
    {
        using var stop = new CancellationTokenSource();
        var latencies = new List<double>(samples);
        var sub = await LoadConnection.ConnectAsync(port, "lat-sub");
        await sub.SubscribeAsync("latency/#", qos);
        var reader = sub.CountAsync(payload =>
        {
            var sentAt = BinaryPrimitives.ReadInt64LittleEndian(payload.Span);
            lock (latencies)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMicroseconds);
            }
        }, null, stop.Token);
        var pub = await LoadConnection.ConnectAsync(port, "lat-pub");
        var pubReader = pub.CountAsync(null, null, stop.Token);
        var payload = new byte[64];
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
            await pub.SendAsync(new MqttPublishPacket { Topic = "latency/x", Payload = payload.ToArray(), Qos = qos, PacketId = qos == MqttQos.AtMostOnce ? (ushort)0 : (ushort)(i % 60000 + 1) });
            await Task.Delay(1);
        }

        var deadline = Environment.TickCount64 + 5000;
        while (latencies.Count < samples && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await sub.DisposeAsync();
        await pub.DisposeAsync();
        await Task.WhenAll(reader, pubReader);
        latencies.Sort();
        return (latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
    }

    /// <summary>
    /// Rounds of connections opened and closed before the baseline, with a pause after each, so one-time costs stay out
    /// of the per-connection figure: code compiled on first use, pools filled, and .NET's tiered compilation, which
    /// recompiles a hot method only after it has been called again following a pause (a single warm-up burst left that
    /// recompiling, and the memory it takes, to the measured connections: about 400 B per connection more).
    /// </summary>
    private const int WarmUpRounds = 8;

    private const int WarmUpConnectionsPerRound = 250;

    private static readonly TimeSpan WarmUpPause = TimeSpan.FromMilliseconds(500);

    /// <summary>Broker resident memory per idle connection (CONNECT done, nothing else).</summary>
    public static async Task<double> MemoryPerConnectionAsync(BrokerUnderTest broker, int count, Action<string> progress, bool tls = false)
    {
        var port = tls ? broker.TlsPort : broker.Port;
        var warm = await LoadConnection.ConnectAsync(port, "warm", tls: tls);
        for (var round = 0; round < WarmUpRounds; round++)
        {
            var warmUp = new List<LoadConnection>(WarmUpConnectionsPerRound);
            for (var i = 0; i < WarmUpConnectionsPerRound; i++)
            {
                warmUp.Add(await LoadConnection.ConnectAsync(port, $"warm-{i}", tls: tls));
            }

            foreach (var connection in warmUp)
            {
                await connection.DisposeAsync();
            }

            await Task.Delay(WarmUpPause);
        }

        var before = broker.ResidentBytes();
        var connections = new List<LoadConnection>(count);
        for (var i = 0; i < count; i++)
        {
            connections.Add(await LoadConnection.ConnectAsync(port, $"idle-{i}", tls: tls));
            if ((i + 1) % 2500 == 0)
            {
                progress($"    {broker.Name}: {i + 1:N0} idle connections");
            }
        }

        await Task.Delay(1000);
        var after = broker.ResidentBytes();
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        await warm.DisposeAsync();
        return (after - before) / (double)count;
    }

    private static byte[] Encode(MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.Write(packet, MqttProtocolVersion.V311, buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
