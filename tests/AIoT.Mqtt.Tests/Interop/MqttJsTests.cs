using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Interop;

/// <summary>MQTT.js, the client of Node devices and web dashboards, against our broker.</summary>
public sealed class MqttJsTests
{
    private const string Script = """
        const mqtt = require('mqtt');
        const [port, version] = process.argv.slice(2);
        const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { protocolVersion: Number(version), clientId: 'node-' + version, clean: true });
        const timer = setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 8000);
        client.on('error', e => { console.log('ERROR ' + e.message); process.exit(3); });
        client.on('connect', () => {
          client.subscribe('aiot/node/#', { qos: 1 }, (err, granted) => {
            if (err) { console.log('SUBERR ' + err.message); process.exit(4); }
            console.log('GRANTED ' + granted.map(g => g.qos).join(','));
            const properties = Number(version) === 5 ? { userProperties: { source: 'mqtt.js' }, responseTopic: 'aiot/node/reply', correlationData: Buffer.from('c1') } : undefined;
            client.publish('aiot/node/report', JSON.stringify({ '2.1': true }), { qos: 1, properties }, err2 => { if (err2) console.log('PUBERR ' + err2.message); });
          });
        });
        client.on('message', (topic, payload, packet) => {
          const p = packet.properties || {};
          console.log(`MESSAGE ${topic} ${payload} qos=${packet.qos} user=${JSON.stringify(p.userProperties || {})} response=${p.responseTopic || ''} correlation=${p.correlationData ? p.correlationData.toString() : ''}`);
          clearTimeout(timer);
          client.end(false, () => process.exit(0));
        });
        """;

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task An_mqtt_js_client_subscribes_publishes_and_receives(int version)
    {
        await using var broker = await TestBroker.StartAsync();
        var script = Path.Combine(Path.GetTempPath(), $"aiot-mqttjs-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            using var node = ExternalProcess.Start("node", [script, broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), version.ToString(System.Globalization.CultureInfo.InvariantCulture)], new Dictionary<string, string> { ["NODE_PATH"] = NodeModules.Path });
            Assert.True(await node.WaitAsync() == 0, node.Output);
            Assert.Contains("GRANTED 1", node.Output);
            var message = Assert.Single(node.Lines, l => l.StartsWith("MESSAGE", StringComparison.Ordinal));
            Assert.StartsWith("""MESSAGE aiot/node/report {"2.1":true} qos=1""", message);
            if (version == 5)
            {
                Assert.Contains("""user={"source":"mqtt.js"}""", message);
                Assert.Contains("response=aiot/node/reply correlation=c1", message);
            }
        }
        finally
        {
            File.Delete(script);
        }
    }
}
