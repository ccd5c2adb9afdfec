using System.Globalization;
using System.Text;
using System.Threading.Channels;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Gateway.Tests;

/// <summary>
/// The ESP32 sketches cannot be compiled here, so this replays their exact bytes (MQTT 3.1.1, the sketch's payload
/// formats read from the .ino files themselves) against a whole host: if a sketch or the contract drifts, this fails.
/// </summary>
public sealed class SketchContractTests
{
    [Fact]
    public async Task The_esp32_sensor_sketch_reports_land_on_the_twin()
    {
        var sketch = await File.ReadAllTextAsync(Samples.PathOf("devices/esp32-th-sensor/esp32-th-sensor.ino"));
        const string ReportFormat = """{\"2.1\":%.2f,\"2.2\":%.2f}""";
        Assert.Contains(ReportFormat, sketch, StringComparison.Ordinal);

        await using var host = await TestHost.StartAsync(allowAnonymous: false);
        var sensor = await host.ProvisionAsync("lumi.sensor_ht.v1", "th-bedroom");
        using var board = await ConnectLikePubSubClientAsync(host, "th-bedroom", sensor.Secret);
        await board.PublishStringAsync("aiot/th-bedroom/report", CFormat(ReportFormat, 23.4, 51.2));

        await TestHost.EventuallyAsync(async () => (await host.Device("th-bedroom").GetTwin()) is { Online: true } twin && twin["2.1"]?.AsDouble() == 23.4 && twin["2.2"]?.AsDouble() == 51.2, "the sketch's report landed");
    }

    [Fact]
    public async Task The_esp32_plug_sketch_parses_the_set_command_and_its_reply_is_accepted()
    {
        var sketch = await File.ReadAllTextAsync(Samples.PathOf("devices/esp32-relay-plug/esp32-relay-plug.ino"));
        const string ReplyFormat = """{\"id\":%ld,\"code\":%d}""";
        Assert.Contains(ReplyFormat, sketch, StringComparison.Ordinal);
        Assert.Contains("""strstr(body, "\"id\":")""", sketch, StringComparison.Ordinal);
        Assert.Contains("""strstr(body, "\"2.1\":")""", sketch, StringComparison.Ordinal);

        await using var host = await TestHost.StartAsync(allowAnonymous: false);
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "kettle-plug");
        using var board = await ConnectLikePubSubClientAsync(host, "kettle-plug", plug.Secret);
        var inbox = board.Inbox();
        await board.SubscribeAsync("aiot/kettle-plug/set", MqttQualityOfServiceLevel.AtLeastOnce);
        await board.PublishStringAsync("aiot/kettle-plug/report", """{"2.1":false}""", MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.True((await host.Device("kettle-plug").GetTwin()).Online, "the plug's report brought it online");

        await host.Device("kettle-plug").SetProperty("switch.on", PropertyValue.Of(true));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var command = await inbox.Reader.ReadAsync(timeout.Token);
        var body = Encoding.UTF8.GetString(command.Payload.Span);
        Assert.True(command.Topic.Length + command.Payload.Length + 7 < 256, "the command fits PubSubClient's 256-byte packet");

        // What the sketch does with it: strstr for "id": and "2.1":, atol and strncmp right after.
        var id = long.Parse(body[(body.IndexOf("\"id\":", StringComparison.Ordinal) + 5)..].TakeWhile(char.IsAsciiDigit).ToArray(), CultureInfo.InvariantCulture);
        Assert.StartsWith("true", body[(body.IndexOf("\"2.1\":", StringComparison.Ordinal) + 6)..], StringComparison.Ordinal);
        // PubSubClient publishes at QoS 0; the reply's bytes are the sketch's, sent at QoS 1 here only so that its PUBACK
        // (which comes after the gateway has handled the reply, undo included) says when to look.
        await board.PublishStringAsync("aiot/kettle-plug/set/reply", CFormat(ReplyFormat, id, 0), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.True((await host.Device("kettle-plug").GetTwin())["2.1"]!.Value.AsBool(), "an accepted set stays set");
    }

    [Theory]
    [InlineData("devices/esp32-th-sensor/esp32-th-sensor.ino")]
    [InlineData("devices/esp32-relay-plug/esp32-relay-plug.ino")]
    public async Task The_esp32_sketches_topic_buffers_hold_the_longest_topic_of_the_longest_device_id(string path)
    {
        var sketch = await File.ReadAllTextAsync(Samples.PathOf(path));
        var longest = $"aiot/{new string('x', AIoT.Gateway.Provisioning.DeviceIds.MaxLength)}/set/reply".Length + 1;
        var buffers = System.Text.RegularExpressions.Regex.Matches(sketch, @"\btopic\w+\[(\d+)\]");
        Assert.NotEmpty(buffers);
        Assert.All(buffers, b => Assert.True(int.Parse(b.Groups[1].Value, CultureInfo.InvariantCulture) >= longest, $"{b.Value} must hold {longest} bytes"));
    }

    /// <summary>As PubSubClient connects: MQTT 3.1.1, user name and password, will on the status topic, QoS 1, retained.</summary>
    private static async Task<IMqttClient> ConnectLikePubSubClientAsync(AIoT.Host.Hosting.RunningHost host, string deviceId, string secret)
    {
        var client = await host.ConnectAsync(deviceId, deviceId, secret, MqttProtocolVersion.V311, options => options
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithWillTopic($"aiot/{deviceId}/status")
            .WithWillPayload("offline")
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain());
        await client.PublishStringAsync($"aiot/{deviceId}/status", "online", MqttQualityOfServiceLevel.AtMostOnce, retain: true);
        return client;
    }

    /// <summary>The C printf formats the sketches use: %.2f, %ld, %d, and \" for a quote.</summary>
    private static string CFormat(string format, params object[] values)
    {
        var text = format.Replace("\\\"", "\"", StringComparison.Ordinal);
        foreach (var value in values)
        {
            var at = text.IndexOf('%', StringComparison.Ordinal);
            var end = text.IndexOfAny(['f', 'd'], at);
            var rendered = value is double d ? d.ToString("F2", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture)!;
            text = text[..at] + rendered + text[(end + 1)..];
        }

        return text;
    }
}
