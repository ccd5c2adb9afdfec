using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Gateway.Tests;

/// <summary>--homeassistant: retained discovery configs mapped as Xiaomi's integration maps MIoT, state to read, a command topic that reaches the device.</summary>
public sealed class HomeAssistantTests
{
    [Fact]
    public async Task A_connected_light_appears_as_entities_and_a_command_from_home_assistant_reaches_the_device()
    {
        await using var host = await TestHost.StartAsync(homeAssistant: true);
        var light = await host.ProvisionAsync("yeelink.light.ceiling22", "desk.light");
        using var device = await host.ConnectAsync("desk.light", "desk.light", light.Secret);
        var commands = device.Inbox();
        await device.SubscribeAsync("aiot/desk.light/set", MqttQualityOfServiceLevel.AtLeastOnce);
        await device.PublishStringAsync("aiot/desk.light/report", """{"2.1": false, "2.2": 40}""", MqttQualityOfServiceLevel.AtLeastOnce);
        await TestHost.EventuallyAsync(async () => (await host.Device("desk.light").GetTwin())["2.2"]?.AsLong() == 40, "the report landed");

        // The gateway publishes discovery from its outbound queue, maybe after this subscription: retain-as-published keeps the flag it sent.
        using var homeAssistant = await host.ConnectAsync("home-assistant", null, null);
        var seen = homeAssistant.Inbox();
        await homeAssistant.SubscribeAsync(RetainAsPublished("homeassistant/#", "aiot/desk.light/state"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // The first state is queued on connect, before the report; Home Assistant ends up with the one after it.
        Func<JsonElement, bool> reported = state => state.TryGetProperty("2.2", out var brightness) && brightness.GetInt32() == 40;
        var (configs, state) = await DiscoveryAsync(seen, "aiot/desk.light/state", reported, timeout.Token);

        var power = configs["homeassistant/switch/desk_dlight/2_1/config"];
        Assert.Equal("aiot/desk.light/twin/set", power.GetProperty("command_topic").GetString());
        Assert.Equal("aiot/desk.light/status", power.GetProperty("availability_topic").GetString());
        Assert.Equal("yeelink.light.ceiling22", power.GetProperty("device").GetProperty("model").GetString());
        var brightness = configs["homeassistant/number/desk_dlight/2_2/config"];
        Assert.Equal(100, brightness.GetProperty("max").GetDouble());
        Assert.Equal("%", brightness.GetProperty("unit_of_measurement").GetString());
        Assert.Contains("homeassistant/select/desk_dlight/2_4/config", configs.Keys);

        using (var restarted = await host.ConnectAsync("home-assistant-restarted", null, null))
        {
            var again = restarted.Inbox();
            await restarted.SubscribeAsync("homeassistant/#", MqttQualityOfServiceLevel.AtLeastOnce);
            await restarted.SubscribeAsync("aiot/desk.light/state", MqttQualityOfServiceLevel.AtLeastOnce);
            var (configsAgain, _) = await DiscoveryAsync(again, "aiot/desk.light/state", reported, timeout.Token);
            Assert.Equal(configs.Keys.Order(), configsAgain.Keys.Order());
        }

        await homeAssistant.PublishStringAsync("aiot/desk.light/twin/set", """{"2.1": true}""", MqttQualityOfServiceLevel.AtLeastOnce);
        using var set = JsonDocument.Parse((await commands.Reader.ReadAsync(timeout.Token)).Payload);
        Assert.True(set.RootElement.GetProperty("set").GetProperty("2.1").GetBoolean());
        Assert.True((await host.Device("desk.light").GetTwin())["2.1"]!.Value.AsBool());
    }

    [Fact]
    public async Task A_removed_device_leaves_no_retained_entity_or_state_behind()
    {
        await using var host = await TestHost.StartAsync(homeAssistant: true);
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-gone");
        using (var device = await host.ConnectAsync("plug-gone", "plug-gone", plug.Secret))
        {
            await device.PublishStringAsync("aiot/plug-gone/status", "online", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
            await TestHost.EventuallyAsync(async () => (await host.Device("plug-gone").GetTwin()).Online, "the plug is online");
        }

        // An observer sees every retained topic about the plug, then waits until each has been cleared: the gateway clears them from its outbound queue.
        using var observer = await host.ConnectAsync("observer", null, null);
        var observed = observer.Inbox();
        await observer.SubscribeAsync(RetainAsPublished("homeassistant/+/plug-gone/#", "aiot/plug-gone/#"));
        var standing = new HashSet<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.Provisioner.RemoveAsync("plug-gone");
        var cleared = 0;
        do
        {
            var message = await ReadOrFailAsync(observed, timeout.Token, () => $"still retained after removal: {string.Join(", ", standing)}");
            if (!message.Retain)
            {
                continue;
            }

            if (message.Payload.IsEmpty)
            {
                cleared += standing.Remove(message.Topic) ? 1 : 0;
            }
            else
            {
                standing.Add(message.Topic);
            }
        }
        while (cleared == 0 || standing.Count > 0);

        using var homeAssistant = await host.ConnectAsync("home-assistant", null, null);
        var seen = homeAssistant.Inbox();
        await homeAssistant.SubscribeAsync("homeassistant/#", MqttQualityOfServiceLevel.AtLeastOnce);
        await homeAssistant.SubscribeAsync("aiot/plug-gone/#", MqttQualityOfServiceLevel.AtLeastOnce);
        // Retained messages follow their SUBACK on the same connection, so anything retained comes before this marker.
        await homeAssistant.SubscribeAsync("test/marker", MqttQualityOfServiceLevel.AtLeastOnce);
        await homeAssistant.PublishStringAsync("test/marker", "end", MqttQualityOfServiceLevel.AtLeastOnce);
        var first = await ReadOrFailAsync(seen, timeout.Token, () => "the marker never came back");
        Assert.True(first.Topic == "test/marker", $"nothing retained is left, found {first.Topic}");
    }

    /// <summary>Reads until four discovery configs and a current state have arrived, each of them retained.</summary>
    private static async Task<(Dictionary<string, JsonElement> Configs, JsonElement State)> DiscoveryAsync(
        Channel<MqttMessage> seen, string stateTopic, Func<JsonElement, bool> stateIsCurrent, CancellationToken cancellationToken)
    {
        var configs = new Dictionary<string, JsonElement>();
        JsonElement? state = null;
        while (configs.Count < 4 || state is not { } current || !stateIsCurrent(current))
        {
            var message = await ReadOrFailAsync(seen, cancellationToken, () => $"discovery incomplete: {configs.Count} of 4 configs ({string.Join(", ", configs.Keys)}), last state {state?.GetRawText() ?? "none"}");
            Assert.True(message.Retain, $"{message.Topic} should be retained");
            var json = JsonDocument.Parse(message.Payload).RootElement;
            if (message.Topic == stateTopic)
            {
                state = json;
            }
            else
            {
                configs[message.Topic] = json;
            }
        }

        return (configs, state.Value);
    }

    private static async Task<MqttMessage> ReadOrFailAsync(Channel<MqttMessage> inbox, CancellationToken cancellationToken, Func<string> whatIsMissing)
    {
        try
        {
            return await inbox.Reader.ReadAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail(whatIsMissing());
            throw;
        }
    }

    /// <summary>One SUBSCRIBE of these filters at QoS 1 with retain-as-published, so a retained message seen live keeps its flag.</summary>
    private static MqttClientSubscribeOptions RetainAsPublished(params string[] filters)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            builder.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce, noLocal: false, retainAsPublished: true, MqttRetainHandling.SendAtSubscribe);
        }

        return builder.Build();
    }
}
