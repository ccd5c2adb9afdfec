using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Tests.Support;
using MQTTnet;

namespace AIoT.Mqtt.Tests.Tls;

/// <summary>MQTT over TLS: real clients (MQTTnet, MQTT.js, mosquitto) through <see cref="MqttTlsListener"/>, trusting the server's certificate as their CA.</summary>
public sealed class TlsListenerTests : IAsyncDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();
    private readonly CapturingLogger<MqttTlsListener> _log = new();
    private MqttBroker? _broker;
    private MqttTlsListener? _tls;

    private async Task<MqttTlsListener> StartAsync()
    {
        _broker = await TestBroker.StartAsync(options => options.ConnectTimeout = TimeSpan.FromSeconds(2));
        _tls = new MqttTlsListener(_broker, new IPEndPoint(IPAddress.Loopback, 0), _certificate.Certificate, logger: _log);
        _tls.Start();
        return _tls;
    }

    [Theory]
    [InlineData(MQTTnet.Formatter.MqttProtocolVersion.V311)]
    [InlineData(MQTTnet.Formatter.MqttProtocolVersion.V500)]
    public async Task An_mqttnet_client_over_tls_subscribes_publishes_and_receives(MQTTnet.Formatter.MqttProtocolVersion version)
    {
        var tls = await StartAsync();
        using var client = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };

        var connected = await client.ConnectAsync(TlsClient(tls.Port, version));
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        await client.SubscribeAsync("aiot/tls/#", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        await client.PublishStringAsync("aiot/tls/report", "encrypted", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("aiot/tls/report", message.Topic);
        Assert.Equal("encrypted", message.ConvertPayloadToString());
        await client.DisconnectAsync();
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_is_refused_and_a_trusting_one_still_gets_in()
    {
        var tls = await StartAsync();
        using var doubting = new MqttClientFactory().CreateMqttClient();
        var untrusted = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", tls.Port).WithTlsOptions(o => o.UseTls()).Build();
        await Assert.ThrowsAnyAsync<Exception>(() => doubting.ConnectAsync(untrusted));
        Assert.False(doubting.IsConnected);

        using var trusting = new MqttClientFactory().CreateMqttClient();
        var connected = await trusting.ConnectAsync(TlsClient(tls.Port, MQTTnet.Formatter.MqttProtocolVersion.V500));
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        Assert.Equal(1, _broker!.ConnectedClients);
    }

    [Fact]
    public async Task An_mqtt_js_client_over_mqtts_with_the_certificate_as_ca_subscribes_publishes_and_receives()
    {
        var tls = await StartAsync();
        var script = Path.Combine(Path.GetTempPath(), $"aiot-mqttjs-tls-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(script, """
            const fs = require('fs');
            const mqtt = require('mqtt');
            const [url, caFile] = process.argv.slice(2);
            const client = mqtt.connect(url, { ca: [fs.readFileSync(caFile)], protocolVersion: 5, clientId: 'node-tls', reconnectPeriod: 0 });
            const timer = setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 8000);
            client.on('error', e => { console.log('ERROR ' + e.message); process.exit(3); });
            client.on('connect', () => client.subscribe('aiot/js/#', { qos: 1 }, () => client.publish('aiot/js/report', 'over tls', { qos: 1 })));
            client.on('message', (topic, payload) => { console.log(`MESSAGE ${topic} ${payload}`); clearTimeout(timer); client.end(false, () => process.exit(0)); });
            """);
        try
        {
            using var node = ExternalProcess.Start("node", [script, $"mqtts://127.0.0.1:{tls.Port}", _certificate.PemPath], new Dictionary<string, string> { ["NODE_PATH"] = NodeModules.Path });
            Assert.True(await node.WaitAsync() == 0, node.Output);
            Assert.Contains("MESSAGE aiot/js/report over tls", node.Output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task Mosquitto_pub_with_cafile_publishes_over_tls_to_a_subscriber()
    {
        var tls = await StartAsync();
        var port = tls.Port.ToString(CultureInfo.InvariantCulture);
        using var subscriber = ExternalProcess.Start("mosquitto_sub", ["-h", "127.0.0.1", "-p", port, "--cafile", _certificate.PemPath, "-t", "aiot/mosq/#", "-C", "1", "-W", "10"]);
        // mosquitto_sub prints nothing when its subscription is granted; the broker's count tells.
        await TestBroker.EventuallyAsync(() => _broker!.SubscriptionCount == 1, "mosquitto_sub subscribed");
        using var publisher = ExternalProcess.Start("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "--cafile", _certificate.PemPath, "-t", "aiot/mosq/x", "-m", "from mosquitto_pub", "-q", "1"]);
        Assert.True(await publisher.WaitAsync() == 0, publisher.Output);
        Assert.True(await subscriber.WaitAsync() == 0, subscriber.Output);
        Assert.Contains("from mosquitto_pub", subscriber.Output);
    }

    [Fact]
    public async Task Failed_and_stalled_handshakes_do_not_affect_other_clients()
    {
        var tls = await StartAsync();
        long counted = 0;
        using var meter = new System.Diagnostics.Metrics.MeterListener();
        meter.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == AIoT.Mqtt.Diagnostics.MqttMetricNames.TlsHandshakeFailures)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meter.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        meter.Start();
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(TlsClient(tls.Port, MQTTnet.Formatter.MqttProtocolVersion.V500));
        await subscriber.SubscribeAsync("aiot/canary");

        // A plain MQTT client on the TLS port, a socket that never starts its handshake, and one that hangs up half way.
        using var plain = await RawMqttClient.OpenAsync(tls.Port);
        await plain.SendRawAsync([0x10, 0x10, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x04, (byte)'p', (byte)'l', (byte)'a', (byte)'n']);
        using var silent = new TcpClient();
        await silent.ConnectAsync(IPAddress.Loopback, tls.Port);
        using (var halfway = new TcpClient())
        {
            await halfway.ConnectAsync(IPAddress.Loopback, tls.Port);
            await halfway.GetStream().WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01 });
        }

        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(TlsClient(tls.Port, MQTTnet.Formatter.MqttProtocolVersion.V311));
        await publisher.PublishStringAsync("aiot/canary", "still here");
        Assert.Equal("still here", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        // The silent socket is cut at the CONNECT timeout (2 s here) like any client that says nothing.
        await TestBroker.EventuallyAsync(() => tls.HandshakeFailures == 3, "the three bad handshakes were counted and closed");
        Assert.Equal(2, _broker!.ConnectedClients);
        Assert.Equal(3, Interlocked.Read(ref counted));
        Assert.Equal(3, _log.Lines.Count(l => l.Message.StartsWith("MQTT over TLS: handshake with 127.0.0.1:", StringComparison.Ordinal)));
        var buffer = new byte[1];
        Assert.Equal(0, await silent.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private MqttClientOptions TlsClient(int port, MQTTnet.Formatter.MqttProtocolVersion version) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(version)
            .WithClientId($"mqttnet-{Guid.NewGuid():N}")
            .WithTlsOptions(o => o.UseTls().WithTrustChain([_certificate.Certificate]))
            .Build();

    public async ValueTask DisposeAsync()
    {
        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _certificate.Dispose();
    }
}
