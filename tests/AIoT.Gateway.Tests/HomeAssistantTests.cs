using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;

namespace AIoT.Gateway.Tests;

/// <summary>--homeassistant: retained discovery configs mapped as Xiaomi's integration maps MIoT, state to read, a command topic that reaches the device.</summary>
public sealed class HomeAssistantTests
{
    [Fact]
    public async Task A_connected_light_appears_as_entities_and_a_command_from_home_assistant_reaches_the_device()
    {
        await using var host = await TestHost.StartAsync(homeAssistant: true);
        var light = await host.ProvisionAsync("yeelink.light.ceiling22", "desk.light");
        await using var device = await host.ConnectAsync("desk.light", "desk.light", light.Secret);
        var commands = Inbox(device);
        await device.SubscribeAsync("aiot/desk.light/set", MqttQos.AtLeastOnce);
        await device.PublishAsync("aiot/desk.light/report", """{"2.1": false, "2.2": 40}""", MqttQos.AtLeastOnce);
        await TestHost.EventuallyAsync(async () => (await host.Device("desk.light").GetTwin())["2.2"]?.AsLong() == 40, "the report landed");

        await using var homeAssistant = await host.ConnectAsync("home-assistant", null, null);
        var seen = Inbox(homeAssistant);
        await homeAssistant.SubscribeAsync("homeassistant/#", MqttQos.AtLeastOnce);
        await homeAssistant.SubscribeAsync("aiot/desk.light/state", MqttQos.AtLeastOnce);
        var configs = new Dictionary<string, JsonElement>();
        JsonElement? state = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (configs.Count < 4 || state is null)
        {
            var message = await seen.Reader.ReadAsync(timeout.Token);
            Assert.True(message.Retain, $"{message.Topic} should be retained");
            var json = JsonDocument.Parse(message.Payload).RootElement;
            if (message.Topic == "aiot/desk.light/state")
            {
                state = json;
            }
            else
            {
                configs[message.Topic] = json;
            }
        }

        var power = configs["homeassistant/switch/desk_dlight/2_1/config"];
        Assert.Equal("aiot/desk.light/twin/set", power.GetProperty("command_topic").GetString());
        Assert.Equal("aiot/desk.light/status", power.GetProperty("availability_topic").GetString());
        Assert.Equal("yeelink.light.ceiling22", power.GetProperty("device").GetProperty("model").GetString());
        var brightness = configs["homeassistant/number/desk_dlight/2_2/config"];
        Assert.Equal(100, brightness.GetProperty("max").GetDouble());
        Assert.Equal("%", brightness.GetProperty("unit_of_measurement").GetString());
        Assert.Contains("homeassistant/select/desk_dlight/2_4/config", configs.Keys);
        Assert.Equal(40, state!.Value.GetProperty("2.2").GetInt32());

        await homeAssistant.PublishAsync("aiot/desk.light/twin/set", """{"2.1": true}""", MqttQos.AtLeastOnce);
        using var set = JsonDocument.Parse((await commands.Reader.ReadAsync(timeout.Token)).Payload);
        Assert.True(set.RootElement.GetProperty("set").GetProperty("2.1").GetBoolean());
        Assert.True((await host.Device("desk.light").GetTwin())["2.1"]!.Value.AsBool());
    }

    [Fact]
    public async Task A_removed_device_leaves_no_retained_entity_or_state_behind()
    {
        await using var host = await TestHost.StartAsync(homeAssistant: true);
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-gone");
        await using (var device = await host.ConnectAsync("plug-gone", "plug-gone", plug.Secret))
        {
            await device.PublishAsync("aiot/plug-gone/status", "online", MqttQos.AtLeastOnce, retain: true);
            await TestHost.EventuallyAsync(async () => (await host.Device("plug-gone").GetTwin()).Online, "the plug is online");
        }

        await host.Provisioner.RemoveAsync("plug-gone");
        await Task.Delay(500);
        await using var homeAssistant = await host.ConnectAsync("home-assistant", null, null);
        var seen = Inbox(homeAssistant);
        await homeAssistant.SubscribeAsync("homeassistant/#", MqttQos.AtLeastOnce);
        await homeAssistant.SubscribeAsync("aiot/plug-gone/#", MqttQos.AtLeastOnce);
        await Task.Delay(500);
        Assert.False(seen.Reader.TryRead(out var left), $"nothing retained is left, found {left?.Topic}");
    }

    private static Channel<MqttMessage> Inbox(AIoT.Mqtt.Client.MqttClient client)
    {
        var inbox = Channel.CreateUnbounded<MqttMessage>();
        client.MessageReceived = message =>
        {
            inbox.Writer.TryWrite(message);
            return ValueTask.CompletedTask;
        };
        return inbox;
    }
}
