using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using System.Globalization;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Diagnostics;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>
/// Backpressure before loss (docs/mqtt.md): a subscriber that cannot keep up holds back the publishers that feed it,
/// and only those, instead of losing their QoS 0 messages; only one that stays stalled, or the broker's memory budget,
/// makes it lose them, and then they are counted.
/// </summary>
public sealed class BackpressureTests
{
    private const int Publishers = 4;
    private const int MessagesPerPublisher = 25_000;
    private const int PayloadSize = 100;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_burst_of_four_publishers_to_one_subscriber_loses_nothing(bool ownEventLoop)
    {
        await using var broker = await TestBroker.StartAsync(o => o.OwnEventLoop = ownEventLoop);
        // A small socket buffer: the kernel between broker and subscriber takes little of the burst off the broker.
        using var subscriber = (await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "bench-sub" }, receiveBufferSize: 4096)).Client;
        await subscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("bench/#", MqttQos.AtMostOnce)] });
        Assert.IsType<MqttSubAckPacket>(await subscriber.ReceiveAsync());
        var publishers = new List<RawMqttClient>();
        for (var i = 0; i < Publishers; i++)
        {
            publishers.Add(await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, $"bench-pub-{i}"));
        }

        try
        {
            var sending = Task.WhenAll(publishers.Select((publisher, i) => publisher.SendRawAsync(Burst($"bench/{i}", MessagesPerPublisher))));

            // The subscriber looks away for a moment as the burst starts (a GC pause, a busy consumer): until the
            // publishers are done, or held back for a second.
            await Task.WhenAny(sending, Task.Delay(1000));
            var received = await CountPublishesAsync(subscriber, Publishers * MessagesPerPublisher);

            Assert.Equal(Publishers * MessagesPerPublisher, received);
            Assert.Equal(0, broker.BackpressureOf("bench-sub")!.Value.Dropped);
            await sending.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            publishers.ForEach(p => p.Dispose());
        }
    }

    private const string JsSubscriber = """
        const mqtt = require('mqtt');
        const [port, expected] = process.argv.slice(2).map(Number);
        const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: 'js-bench-sub', clean: true });
        let count = 0, idle, done = false;
        const finish = () => { if (done) return; done = true; console.log('COUNT ' + count); client.end(true, () => process.exit(0)); };
        const keepWaiting = () => { clearTimeout(idle); idle = setTimeout(finish, 5000); };
        setTimeout(finish, 60000);
        client.on('error', e => { console.log('ERROR ' + e.message); process.exit(3); });
        client.on('connect', () => client.subscribe('bench/#', { qos: 0 }, err => {
          if (err) { console.log('SUBERR ' + err.message); process.exit(4); }
          console.log('READY');
        }));
        // Ends 5 s after the flow stops, counted from the first message: the publishers' process may be slow to start.
        client.on('message', () => { if (++count === expected) finish(); else if (count % 1000 === 1) keepWaiting(); });
        """;

    private const string JsPublishers = """
        const mqtt = require('mqtt');
        const [port, publishers, perPublisher, size] = process.argv.slice(2).map(Number);
        const payload = Buffer.alloc(size, 'x');
        let ended = 0;
        setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 60000);
        for (let i = 0; i < publishers; i++) {
          const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: 'js-bench-pub-' + i, clean: true });
          client.on('error', e => { console.log('ERROR ' + e.message); process.exit(3); });
          client.once('connect', () => {
            for (let n = 0; n < perPublisher; n++) client.publish('bench/' + i, payload, { qos: 0 });
            // Exits once every socket has closed: end's callback may come while bytes still wait in the socket's buffer.
            client.stream.once('close', () => { if (++ended === publishers) { console.log('SENT'); process.exit(0); } });
            client.end(false);
          });
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_burst_of_four_mqtt_js_publishers_to_one_mqtt_js_subscriber_loses_nothing(bool ownEventLoop)
    {
        await using var broker = await TestBroker.StartAsync(o => o.OwnEventLoop = ownEventLoop);
        var directory = Directory.CreateTempSubdirectory("aiot-backpressure-");
        try
        {
            var subscriberScript = Path.Combine(directory.FullName, "subscriber.js");
            var publishersScript = Path.Combine(directory.FullName, "publishers.js");
            await File.WriteAllTextAsync(subscriberScript, JsSubscriber);
            await File.WriteAllTextAsync(publishersScript, JsPublishers);
            var environment = new Dictionary<string, string> { ["NODE_PATH"] = NodeModules.Path };
            var port = broker.Port.ToString(CultureInfo.InvariantCulture);
            const int total = Publishers * MessagesPerPublisher;

            using var subscriber = ExternalProcess.Start("node", [subscriberScript, port, total.ToString(CultureInfo.InvariantCulture)], environment);
            await subscriber.WaitForOutputAsync("READY");
            using var publishers = ExternalProcess.Start("node", [publishersScript, port, $"{Publishers}", $"{MessagesPerPublisher}", $"{PayloadSize}"], environment);

            Assert.True(await publishers.WaitAsync(70_000) == 0, publishers.Output);
            Assert.True(await subscriber.WaitAsync(70_000) == 0, subscriber.Output);
            Assert.Contains($"COUNT {total}", subscriber.Lines);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stalled_subscriber_holds_back_only_the_publisher_that_feeds_it(bool ownEventLoop)
    {
        await using var broker = await TestBroker.StartAsync(o =>
        {
            o.OwnEventLoop = ownEventLoop;
            // Stalled for the whole test, however slow the machine: it keeps holding its publisher back.
            o.PendingHardLimitGrace = TimeSpan.FromMinutes(5);
        });
        var (stalled, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "stalled-sub" }, receiveBufferSize: 4096);
        using (stalled)
        {
            await stalled.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("slow/#", MqttQos.AtMostOnce)] });
            Assert.IsType<MqttSubAckPacket>(await stalled.ReceiveAsync());
            using var fastSubscriber = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "fast-sub");
            await fastSubscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("fast/#", MqttQos.AtMostOnce)] });
            Assert.IsType<MqttSubAckPacket>(await fastSubscriber.ReceiveAsync());
            using var slowPublisher = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "slow-pub");
            using var fastPublisher = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "fast-pub");

            // 32 MB towards a subscriber that reads nothing: far more than the kernel's buffers and the high-water mark.
            var flooding = slowPublisher.SendRawAsync(Burst("slow/data", 300_000));
            await TestBroker.EventuallyAsync(() => broker.BackpressureOf("slow-pub") is { Paused: true }, "the publisher of the stalled subscriber is paused");

            // Fewer bytes than the high-water mark: however slowly the fast subscriber reads, it never holds anyone back.
            var receiving = Task.Run(() => CountPublishesAsync(fastSubscriber, 5_000));
            await fastPublisher.SendRawAsync(Burst("fast/data", 5_000));
            Assert.Equal(5_000, await receiving);

            var slow = broker.BackpressureOf("slow-pub")!.Value;
            var fast = broker.BackpressureOf("fast-pub")!.Value;
            var stalledState = broker.BackpressureOf("stalled-sub")!.Value;
            Assert.True(slow.Paused, "the stalled subscriber's publisher is still held back");
            Assert.Equal(0, fast.TimesPaused);
            Assert.True(stalledState.Congested);
            Assert.Equal(1, stalledState.HeldPublishers);
            Assert.Equal(0, stalledState.Dropped);
            Assert.False(flooding.IsCompleted, "the paused publisher's TCP window is full");
            slowPublisher.Dispose();
            await flooding.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_subscriber_stalled_for_30_seconds_stays_under_the_hard_limit_and_its_drops_are_counted(bool ownEventLoop)
    {
        const int highWater = 64 << 10;
        const int hardLimit = 256 << 10;
        // Slack over a mark: what a publisher's reader had read before it saw it was paused (one socket read).
        const int slack = 16 << 10;
        const int messages = 60_000;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLogger();
        var options = new MqttBrokerOptions
        {
            Port = 0,
            OwnEventLoop = ownEventLoop,
            SystemTopicsInterval = TimeSpan.Zero,
            PendingHighWaterBytes = highWater,
            PendingLowWaterBytes = 16 << 10,
            PendingHardLimitBytes = hardLimit,
            PendingHardLimitGrace = TimeSpan.FromSeconds(10),
        };
        await using var broker = new MqttBroker(options, logs, time);
        using var dropped = new DropCounter(broker);
        await broker.StartAsync();

        var (stalled, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "stalled-sub", KeepAliveSeconds = 0 }, receiveBufferSize: 4096);
        using (stalled)
        {
            await stalled.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("bench/#", MqttQos.AtMostOnce), new("end", MqttQos.AtLeastOnce)] });
            Assert.IsType<MqttSubAckPacket>(await stalled.ReceiveAsync());
            using var publisher = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "pub", keepAlive: 0);
            var flooding = publisher.SendRawAsync(Burst("bench/data", messages));
            await TestBroker.EventuallyAsync(() => broker.BackpressureOf("pub") is { Paused: true }, "the publisher is paused");
            Assert.InRange(broker.BackpressureOf("stalled-sub")!.Value.PendingBytes, 0, highWater + slack);
            var finished = Task.Run(async () =>
            {
                await flooding;
                await publisher.SendAsync(new MqttPublishPacket { Topic = "end", Payload = new byte[] { 1 }, Qos = MqttQos.AtLeastOnce, PacketId = 1 });
                return await publisher.ReceiveAsync(timeoutMs: 60_000);
            });

            // 30 s of the subscriber reading nothing, then on until the whole flood has been taken (the kernel's socket
            // buffers take part of it now and then, which ends one congestion and starts another).
            var second = 0;
            while (++second <= 30 || !finished.IsCompleted)
            {
                Assert.True(second < 600, "the publisher got its flood through");
                time.Advance(TimeSpan.FromSeconds(1));
                var state = broker.BackpressureOf("stalled-sub")!.Value;
                Assert.InRange(state.PendingBytes, 0, second < 10 ? highWater + slack : hardLimit + slack);
                Assert.InRange(broker.PendingBytes, 0, hardLimit + 2 * slack);
                if (second < 10)
                {
                    Assert.Equal(0, state.Dropped);
                }

                if (second >= 30)
                {
                    await Task.WhenAny(finished, Task.Delay(50));
                }
            }

            Assert.IsType<MqttPublishAckPacket>(await finished);
            time.Advance(TimeSpan.FromSeconds(1)); // one more sweep, to log what was dropped since the last
            var lost = broker.BackpressureOf("stalled-sub")!.Value.Dropped;
            Assert.True(lost > 0, "QoS 0 past the hard limit was dropped after the grace time");
            Assert.Equal(lost, dropped.Count);

            // Reading at last: what was not counted as dropped arrives, before the end marker.
            var received = await CountPublishesAsync(stalled, int.MaxValue, until: "end");
            Assert.Equal(messages, received + lost);
            var dropLogs = logs.Messages.Count(m => m.StartsWith("Dropped ", StringComparison.Ordinal) && m.Contains("stalled-sub", StringComparison.Ordinal));
            Assert.InRange(dropLogs, 1, (second / 10) + 1);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_floods_its_own_subscription_before_reading_is_let_go_after_the_grace_time(bool ownEventLoop)
    {
        // It holds itself back, and it cannot drain what holds it while it is blocked writing: the grace time ends that.
        await using var broker = await TestBroker.StartAsync(o =>
        {
            o.OwnEventLoop = ownEventLoop;
            o.PendingHardLimitBytes = 32 << 20;
            o.PendingHardLimitGrace = TimeSpan.FromMilliseconds(500);
        });
        var (client, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "echo" }, receiveBufferSize: 4096);
        using (client)
        {
            await client.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("echo/#", MqttQos.AtMostOnce)] });
            Assert.IsType<MqttSubAckPacket>(await client.ReceiveAsync());
            const int count = 100_000;

            // 11 MB: more than the kernel's buffers both ways and the high-water mark, less than the hard limit.
            await client.SendRawAsync(Burst("echo/data", count)).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(count, await CountPublishesAsync(client, count));
            var state = broker.BackpressureOf("echo")!.Value;
            Assert.True(state.TimesPaused > 0, "the client was held back by its own subscription");
            Assert.Equal(0, state.Dropped);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_subscriber_slow_to_acknowledge_holds_back_its_qos_1_publisher_instead_of_overflowing_its_queue(bool ownEventLoop)
    {
        await using var broker = await TestBroker.StartAsync(o => o.OwnEventLoop = ownEventLoop);
        using var subscriber = (await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "acking-sub",
            Properties = new MqttProperties { ReceiveMaximum = 10 },
        })).Client;
        await subscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("work/#", MqttQos.AtLeastOnce)] });
        Assert.IsType<MqttSubAckPacket>(await subscriber.ReceiveAsync());
        using var publisher = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "qos1-pub");
        const int count = 5_000;
        var burst = new ArrayBufferWriter<byte>();
        for (var i = 0; i < count; i++)
        {
            MqttPacketWriter.Write(new MqttPublishPacket { Topic = "work/item", Payload = new byte[PayloadSize], Qos = MqttQos.AtLeastOnce, PacketId = (ushort)((i % 60_000) + 1) }, MqttProtocolVersion.V311, burst);
        }

        // Five times the session queue (1,000) behind a window of 10 that the subscriber frees one acknowledgement at a time.
        var sending = publisher.SendRawAsync(burst.WrittenSpan.ToArray());
        var received = 0;
        try
        {
            while (received < count && await subscriber.ReceiveAsync() is MqttPublishPacket delivery)
            {
                received++;
                await subscriber.SendAsync(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = delivery.PacketId });
            }
        }
        catch (OperationCanceledException)
        {
            // Nothing more came within the wait: the count below tells how many were lost.
        }

        Assert.Equal(count, received);
        Assert.True(broker.BackpressureOf("qos1-pub")!.Value.TimesPaused > 0, "the publisher was held back");
        await sending.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public static TheoryData<string, Action<MqttBrokerOptions>> InconsistentLimits => new()
    {
        { "PendingHighWaterBytes", o => o.PendingHighWaterBytes = 512 },
        { "PendingLowWaterBytes", o => o.PendingLowWaterBytes = o.PendingHighWaterBytes },
        { "PendingLowWaterBytes", o => o.PendingLowWaterBytes = -1 },
        { "PendingHardLimitBytes", o => o.PendingHardLimitBytes = o.PendingHighWaterBytes - 1 },
        { "PendingHardLimitGrace", o => o.PendingHardLimitGrace = TimeSpan.FromSeconds(-1) },
        { "PendingBudgetBytes", o => o.PendingBudgetBytes = o.PendingHardLimitBytes - 1 },
    };

    [Theory]
    [MemberData(nameof(InconsistentLimits))]
    public void Inconsistent_backpressure_limits_are_refused_naming_the_option(string option, Action<MqttBrokerOptions> configure)
    {
        var options = new MqttBrokerOptions { Port = 0 };
        configure(options);

        var error = Assert.Throws<ArgumentException>(() => new MqttBroker(options));

        Assert.Contains($"MqttBrokerOptions.{option}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>QoS 0 PUBLISH packets with a 4-byte sequence number in a 100-byte payload, encoded back to back.</summary>
    private static byte[] Burst(string topic, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(count * (PayloadSize + topic.Length + 4));
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[PayloadSize];
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            MqttPacketWriter.Write(new MqttPublishPacket { Topic = topic, Payload = payload }, MqttProtocolVersion.V311, buffer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Counts PUBLISH packets until <paramref name="expected"/>, a PUBLISH to <paramref name="until"/>, or 5 s without one.</summary>
    private static async Task<int> CountPublishesAsync(RawMqttClient client, int expected, string? until = null)
    {
        var count = 0;
        try
        {
            while (count < expected && await client.ReceiveAsync() is MqttPublishPacket publish)
            {
                if (publish.Topic == until)
                {
                    break;
                }

                count++;
            }
        }
        catch (OperationCanceledException)
        {
            // Nothing more came within the wait.
        }

        return count;
    }

    /// <summary>QoS 0 drops one broker reports on its meter.</summary>
    private sealed class DropCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public DropCounter(MqttBroker broker)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, broker.Metrics.Meter) && instrument.Name == MqttMetricNames.MessagesDropped)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    private sealed class CapturingLogger : ILogger<MqttBroker>
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages)
            {
                _messages.Add(formatter(state, exception));
            }
        }
    }
}
