using System.Collections.Concurrent;
using System.Text;
using AIoT.Gateway.BrokerClient;
using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Gateway.Tests;

/// <summary>The gateway's and the emulator's MQTTnet client: reconnects, refusals that say why, and TLS trust for mqtts://.</summary>
public sealed class BrokerConnectionTests
{
    private static BrokerClientOptions Options(string uri, string clientId, BrokerTrust? trust = null) => new(BrokerAddress.Parse(uri))
    {
        ClientId = clientId,
        Trust = trust ?? BrokerTrust.System,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ReconnectDelayMin = TimeSpan.FromMilliseconds(100),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(500),
    };

    private static ConcurrentQueue<MqttMessage> Received(BrokerConnection connection)
    {
        var received = new ConcurrentQueue<MqttMessage>();
        connection.MessageReceived = message =>
        {
            received.Enqueue(message);
            return ValueTask.CompletedTask;
        };
        return received;
    }

    [Fact]
    public async Task It_reconnects_after_the_broker_restarts_and_subscribes_again()
    {
        using var mosquitto = new MosquittoBroker();
        await mosquitto.StartAsync();
        await using var connection = new BrokerConnection(Options($"mqtt://127.0.0.1:{mosquitto.Port}", "resilient"));
        var received = Received(connection);
        var connects = 0;
        connection.Connected += () => Interlocked.Increment(ref connects);
        await connection.ConnectAsync();
        await connection.SubscribeAsync(new MqttSubscription("aiot/commands/#", MqttQos.AtLeastOnce));

        mosquitto.Stop();
        await TestBroker.EventuallyAsync(() => !connection.IsConnected, "the connection notices");
        await mosquitto.StartAsync();
        await TestBroker.EventuallyAsync(() => Volatile.Read(ref connects) == 2 && connection.IsConnected, "it reconnects");

        // Mosquitto restarted without persistence: the subscription is back only if the client made it again.
        using var publisher = await TestHost.ConnectAsync(mosquitto.Port, "pub", null, null);
        var deadline = Environment.TickCount64 + 10_000;
        while (received.IsEmpty && Environment.TickCount64 < deadline)
        {
            await publisher.PublishStringAsync("aiot/commands/lamp", "on", MqttQualityOfServiceLevel.AtLeastOnce);
            await Task.Delay(50);
        }

        Assert.True(received.TryPeek(out var first), "a message reaches the resubscribed client");
        Assert.Equal("on", Encoding.UTF8.GetString(first.Payload.Span));
    }

    [Fact]
    public async Task A_refusal_carries_the_brokers_reason_and_an_unreachable_broker_is_named()
    {
        await using var broker = await TestBroker.StartAsync(o => o.Authenticate = _ => ValueTask.FromResult(MqttReasonCode.NotAuthorized));
        await using var intruder = new BrokerConnection(Options($"mqtt://127.0.0.1:{broker.Port}", "intruder"));
        var refused = await Assert.ThrowsAsync<BrokerConnectException>(() => intruder.ConnectAsync());
        Assert.Equal(MqttReasonCode.NotAuthorized, refused.ReasonCode);

        var port = TestBroker.FreePort();
        await using var lost = new BrokerConnection(Options($"mqtt://127.0.0.1:{port}", "lost"));
        var unreachable = await Assert.ThrowsAsync<BrokerConnectException>(() => lost.ConnectAsync());
        Assert.Null(unreachable.ReasonCode);
        Assert.Contains($"Cannot reach the broker at mqtt://127.0.0.1:{port}", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_tls_the_broker_is_trusted_through_the_ca_file_or_its_pinned_fingerprint_and_otherwise_refused_naming_it()
    {
        using var certificates = new TestCertificates();
        using var mosquitto = new MosquittoBroker(certFile: certificates.BrokerCertFile, keyFile: certificates.BrokerKeyFile);
        await mosquitto.StartAsync();
        var uri = $"mqtts://127.0.0.1:{mosquitto.Port}";

        await using (var byCa = new BrokerConnection(Options(uri, "by-ca", BrokerTrust.Create(certificates.CaFile, null))))
        {
            var received = Received(byCa);
            await byCa.ConnectAsync();
            await byCa.SubscribeAsync(new MqttSubscription("aiot/tls/#", MqttQos.AtLeastOnce));
            await byCa.PublishAsync("aiot/tls/echo", "over tls", MqttQos.AtLeastOnce);
            await TestBroker.EventuallyAsync(() => !received.IsEmpty, "the message comes back over TLS");
        }

        var pinned = certificates.BrokerFingerprint.Chunk(2).Select(pair => new string(pair)).Aggregate((a, b) => $"{a}:{b}").ToLowerInvariant();
        await using (var byFingerprint = new BrokerConnection(Options(uri, "by-fingerprint", BrokerTrust.Create(null, pinned))))
        {
            await byFingerprint.ConnectAsync();
            Assert.True(byFingerprint.IsConnected);
        }

        await using var untrusting = new BrokerConnection(Options(uri, "untrusting"));
        var untrusted = await Assert.ThrowsAsync<BrokerConnectException>(() => untrusting.ConnectAsync());
        Assert.Contains(certificates.BrokerFingerprint, untrusted.Message, StringComparison.Ordinal);
        Assert.Contains("--broker-ca", untrusted.Message, StringComparison.Ordinal);

        await using var otherPin = new BrokerConnection(Options(uri, "other-pin", BrokerTrust.Create(null, new string('A', 64))));
        var mismatch = await Assert.ThrowsAsync<BrokerConnectException>(() => otherPin.ConnectAsync());
        Assert.Contains("not the pinned", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_whose_handler_throws_is_still_acknowledged_so_the_broker_does_not_send_it_again()
    {
        await using var broker = await TestBroker.StartAsync();
        var uri = $"mqtt://127.0.0.1:{broker.Port}";
        BrokerClientOptions Persistent() => new(BrokerAddress.Parse(uri)) { ClientId = "fragile", CleanStart = false, SessionExpirySeconds = 60, AutoReconnect = false };
        using var publisher = await TestHost.ConnectAsync(broker.Port, "pub", null, null);

        var first = new ConcurrentQueue<string>();
        await using (var fragile = new BrokerConnection(Persistent()))
        {
            fragile.MessageReceived = message =>
            {
                var text = Encoding.UTF8.GetString(message.Payload.Span);
                first.Enqueue(text);
                return text == "poison" ? throw new InvalidOperationException("the handler cannot take this one") : ValueTask.CompletedTask;
            };
            await fragile.ConnectAsync();
            await fragile.SubscribeAsync(new MqttSubscription("aiot/fragile/#", MqttQos.AtLeastOnce));
            await publisher.PublishStringAsync("aiot/fragile/in", "poison", MqttQualityOfServiceLevel.AtLeastOnce);
            // Messages are handled and acknowledged in order: once this one is handled, the poison's PUBACK has been sent.
            await publisher.PublishStringAsync("aiot/fragile/in", "after", MqttQualityOfServiceLevel.AtLeastOnce);
            await TestBroker.EventuallyAsync(() => first.Contains("after"), "the next message is handled");
        }

        var again = new ConcurrentQueue<string>();
        await using var resumed = new BrokerConnection(Persistent());
        resumed.MessageReceived = message =>
        {
            again.Enqueue(Encoding.UTF8.GetString(message.Payload.Span));
            return ValueTask.CompletedTask;
        };
        await resumed.ConnectAsync();
        await publisher.PublishStringAsync("aiot/fragile/in", "marker", MqttQualityOfServiceLevel.AtLeastOnce);

        // An unacknowledged message is sent again when the session resumes, before anything new.
        await TestBroker.EventuallyAsync(() => again.Contains("marker"), "the marker arrives on the resumed session");
        Assert.DoesNotContain("poison", again);
    }
}
