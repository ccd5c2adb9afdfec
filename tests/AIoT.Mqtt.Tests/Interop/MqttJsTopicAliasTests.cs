using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Interop;

/// <summary>MQTT.js resolves the topic aliases the broker puts on deliveries: every message arrives with its whole topic.</summary>
public sealed class MqttJsTopicAliasTests
{
    private const string Script = """
        const mqtt = require('mqtt');
        const [port] = process.argv.slice(2);
        const topics = ['alias/long/one', 'alias/long/one', 'alias/long/two', 'alias/long/three', 'alias/long/one', 'alias/long/three', 'alias/long/two'];
        const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { protocolVersion: 5, clientId: 'node-alias', clean: true, properties: { topicAliasMaximum: 2 } });
        const timer = setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 8000);
        const received = [];
        client.on('error', e => { console.log('ERROR ' + e.message); process.exit(3); });
        client.on('connect', () => {
          client.subscribe('alias/#', { qos: 1 }, err => {
            if (err) { console.log('SUBERR ' + err.message); process.exit(4); }
            topics.forEach((t, i) => client.publish(t, String(i), { qos: 1 }));
          });
        });
        client.on('message', (topic, payload, packet) => {
          const alias = packet.properties && packet.properties.topicAlias;
          received.push(`${topic}=${payload}` + (alias ? `@${alias}` : ''));
          if (received.length === topics.length) {
            console.log('RECEIVED ' + received.join(' '));
            clearTimeout(timer);
            client.end(false, () => process.exit(0));
          }
        });
        """;

    [Fact]
    public async Task An_mqtt_js_client_that_allows_topic_aliases_gets_every_message_with_its_topic()
    {
        await using var broker = await TestBroker.StartAsync();
        var script = Path.Combine(Path.GetTempPath(), $"aiot-mqttjs-alias-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            using var node = ExternalProcess.Start("node", [script, broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new Dictionary<string, string> { ["NODE_PATH"] = NodeModules.Path });
            Assert.True(await node.WaitAsync() == 0, node.Output);
            var line = Assert.Single(node.Lines, l => l.StartsWith("RECEIVED ", StringComparison.Ordinal));

            // MQTT.js keeps the alias it resolved in the packet's properties: proof the broker sent aliases at all.
            Assert.Equal(
                "RECEIVED alias/long/one=0@1 alias/long/one=1@1 alias/long/two=2@2 alias/long/three=3 alias/long/one=4@1 alias/long/three=5 alias/long/two=6@2",
                line);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
