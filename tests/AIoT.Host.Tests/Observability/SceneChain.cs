using System.Net;
using System.Text;
using System.Threading.Channels;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Hosting;
using AIoT.Host.Tests.Support;
using MQTTnet;

namespace AIoT.Host.Tests.Observability;

/// <summary>
/// Two MQTT-connected plugs in one household and a scene between them: the button's plug reports switch-on, the scene
/// fires and sets the lamp's plug on, which the gateway sends to the lamp on aiot/{lamp}/set.
/// </summary>
internal sealed class SceneChain : IAsyncDisposable
{
    public const string Household = "flat";
    public const string Button = "flat-button";
    public const string Lamp = "flat-lamp";
    public const string SceneId = "lamp-follows-button";

    private const string Scene = $"""
        id: {SceneId}
        name: Lamp follows the button
        triggers:
          - type: property
            device: {Button}
            property: switch.on
            to: true
        actions:
          - type: set
            device: {Lamp}
            properties:
              switch.on: true
        """;

    private readonly IMqttClient _button;
    private readonly IMqttClient _lamp;
    private readonly Channel<MqttApplicationMessage> _lampInbox;

    private SceneChain(IMqttClient button, IMqttClient lamp, Channel<MqttApplicationMessage> lampInbox)
    {
        _button = button;
        _lamp = lamp;
        _lampInbox = lampInbox;
    }

    /// <summary>Registers the plugs, saves the scene, connects both plugs reporting off, and waits until the gateway relays to both.</summary>
    public static async Task<SceneChain> SetUpAsync(RunningHost host)
    {
        var buttonSecret = (await host.Provisioner.AddAsync(new DeviceProvisionRequest("outlet", Household, "hall", null, Button))).Secret;
        var lampSecret = (await host.Provisioner.AddAsync(new DeviceProvisionRequest("outlet", Household, "living-room", null, Lamp))).Secret;
        using var http = host.Http();
        var saved = await http.PostAsync($"api/households/{Household}/scenes", new StringContent(Scene, Encoding.UTF8, "application/yaml"));
        Assert.True(saved.StatusCode == HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());

        var lamp = await ConnectAsync(host, Lamp, lampSecret);
        var inbox = Channel.CreateUnbounded<MqttApplicationMessage>();
        lamp.ApplicationMessageReceivedAsync += e =>
        {
            inbox.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await lamp.SubscribeAsync($"aiot/{Lamp}/set", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        var button = await ConnectAsync(host, Button, buttonSecret);
        await ReportAsync(lamp, Lamp, on: false);
        await ReportAsync(button, Button, on: false);
        await Eventually(() => host.Gateway.ConnectedDevices == 2, "both plugs are relayed to");
        return new SceneChain(button, lamp, inbox);
    }

    /// <summary>The button's plug reports on; returns the set command the lamp's plug then receives.</summary>
    public async Task<string> PressAsync()
    {
        await ReportAsync(_button, Button, on: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var set = await _lampInbox.Reader.ReadAsync(timeout.Token);
        return Encoding.UTF8.GetString(set.Payload);
    }

    /// <summary>The button's plug reports a property its model does not have; the gateway refuses it on aiot/{id}/error.</summary>
    public Task ReportUnknownPropertyAsync() =>
        _button.PublishStringAsync($"aiot/{Button}/report", """{"99.1": 1}""", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);

    public static async Task Eventually(Func<bool> condition, string what, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(25);
        }
    }

    private static Task ReportAsync(IMqttClient client, string deviceId, bool on) =>
        client.PublishStringAsync($"aiot/{deviceId}/report", $$"""{"2.1": {{(on ? "true" : "false")}}}""", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);

    private static async Task<IMqttClient> ConnectAsync(RunningHost host, string deviceId, string secret)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", host.Broker!.Port)
            .WithClientId(deviceId)
            .WithCredentials(deviceId, secret)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var result = await client.ConnectAsync(options);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in new[] { _button, _lamp })
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync();
            }

            client.Dispose();
        }
    }
}
