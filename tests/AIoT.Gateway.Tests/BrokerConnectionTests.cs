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
}
