using System.Text;
using System.Text.Json;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Gateway.Tests;

/// <summary>docs/mqtt-contract.md, held to by the gateway: refusals on the error topic, twin unchanged; refused sets undone.</summary>
public sealed class ContractTests
{
    [Fact]
    public async Task A_report_with_a_bad_value_is_answered_on_the_error_topic_and_only_the_good_values_land()
    {
        long refusedCount = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AIoT.Gateway.Diagnostics.GatewayMetricNames.MeterName && instrument.Name == AIoT.Gateway.Diagnostics.GatewayMetricNames.ItemsRefused)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref refusedCount, value));
        listener.Start();
        await using var host = await TestHost.StartAsync();
        var sensor = await host.ProvisionAsync("lumi.sensor_ht.v1", "th-1");
        using var device = await host.ConnectAsync("th-1", "th-1", sensor.Secret, MqttProtocolVersion.V311);
        var errors = device.Inbox();
        await device.SubscribeAsync("aiot/th-1/error", MqttQualityOfServiceLevel.AtLeastOnce);

        await device.PublishStringAsync("aiot/th-1/report", """{"environment.temperature": 21.5, "2.2": 140, "3.1": "full"}""", MqttQualityOfServiceLevel.AtLeastOnce);
        using var error = JsonDocument.Parse((await errors.Reader.ReadAsync(Timeout())).Payload);
        Assert.Equal("aiot/th-1/report", error.RootElement.GetProperty("topic").GetString());
        var refused = error.RootElement.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("code").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["2.2"] = MiotCodes.PropertyValueError, ["3.1"] = MiotCodes.PropertyValueError }, refused);

        var twin = await host.Device("th-1").GetTwin();
        Assert.Equal(21.5, twin["2.1"]!.Value.AsDouble());
        Assert.InRange(twin["2.2"]!.Value.AsDouble(), 0, 100);
        Assert.NotEqual(PropertyValue.Of("full"), twin["3.1"]!.Value);
        Assert.True(Interlocked.Read(ref refusedCount) >= 2, "the refusals are counted in aiot.gateway.items.refused");

        await device.PublishStringAsync("aiot/th-1/report", "{not json", MqttQualityOfServiceLevel.AtLeastOnce);
        using var malformed = JsonDocument.Parse((await errors.Reader.ReadAsync(Timeout())).Payload);
        Assert.Contains("not valid JSON", malformed.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(21.5, (await host.Device("th-1").GetTwin())["2.1"]!.Value.AsDouble());
    }

    [Fact]
    public async Task A_set_the_device_refuses_puts_the_twin_back_and_an_accepted_one_stays()
    {
        await using var host = await TestHost.StartAsync();
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-2");
        using var device = await host.ConnectAsync("plug-2", "plug-2", plug.Secret, MqttProtocolVersion.V311);
        var commands = device.Inbox();
        await device.SubscribeAsync("aiot/plug-2/set", MqttQualityOfServiceLevel.AtLeastOnce);
        await device.PublishStringAsync("aiot/plug-2/report", """{"2.1": true, "13.1": true}""", MqttQualityOfServiceLevel.AtLeastOnce);
        await TestHost.EventuallyAsync(async () => (await host.Device("plug-2").GetTwin()).Online, "the plug is online");

        await host.Device("plug-2").SetProperty("indicator-light.on", PropertyValue.Of(false));
        using (var set = JsonDocument.Parse((await commands.Reader.ReadAsync(Timeout())).Payload))
        {
            Assert.False(set.RootElement.GetProperty("set").GetProperty("13.1").GetBoolean());
            var id = set.RootElement.GetProperty("id").GetInt64();
            await device.PublishStringAsync("aiot/plug-2/set/reply", "{\"id\": " + id + ", \"results\": {\"13.1\": -4004}}", MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await TestHost.EventuallyAsync(async () => (await host.Device("plug-2").GetTwin())["13.1"]!.Value.AsBool(), "the refused set is undone");

        await host.Device("plug-2").SetProperty("switch.on", PropertyValue.Of(false));
        using (var set = JsonDocument.Parse((await commands.Reader.ReadAsync(Timeout())).Payload))
        {
            await device.PublishStringAsync("aiot/plug-2/set/reply", $$"""{"id": {{set.RootElement.GetProperty("id").GetInt64()}}, "code": 0}""", MqttQualityOfServiceLevel.AtLeastOnce);
        }

        // The reply was published at QoS 1: its PUBACK comes after the gateway handled it, undo included, so no wait is needed.
        Assert.False((await host.Device("plug-2").GetTwin())["2.1"]!.Value.AsBool());
    }

    [Fact]
    public async Task A_clean_disconnect_without_will_still_marks_the_device_offline_and_retains_it()
    {
        await using var host = await TestHost.StartAsync();
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-3");
        using (var device = await host.ConnectAsync("plug-3", "plug-3", plug.Secret))
        {
            await device.PublishStringAsync("aiot/plug-3/status", "online", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
            await TestHost.EventuallyAsync(async () => (await host.Device("plug-3").GetTwin()).Online, "the plug is online");
            await device.DisconnectAsync();
        }

        await TestHost.EventuallyAsync(async () => !(await host.Device("plug-3").GetTwin()).Online, "the plug is offline");
        using var watcher = await host.ConnectAsync("watcher", null, null);
        var status = watcher.Inbox();
        await watcher.SubscribeAsync("aiot/plug-3/status", MqttQualityOfServiceLevel.AtLeastOnce);
        var retained = await status.Reader.ReadAsync(Timeout());
        Assert.Equal("offline", Encoding.UTF8.GetString(retained.Payload.Span));
    }

    [Fact]
    public async Task A_device_that_falls_silent_goes_offline_after_one_and_a_half_keep_alives_through_its_will()
    {
        await using var host = await TestHost.StartAsync();
        var sensor = await host.ProvisionAsync("lumi.sensor_ht.v1", "th-quiet");
        var (board, _) = await AIoT.Mqtt.Tests.Support.RawMqttClient.ConnectAsync(host.MqttPort(), new MqttConnectPacket
        {
            ClientId = "th-quiet",
            UserName = "th-quiet",
            Password = Encoding.UTF8.GetBytes(sensor.Secret),
            KeepAliveSeconds = 1,
            Will = new MqttWill { Topic = "aiot/th-quiet/status", Payload = "offline"u8.ToArray(), Qos = MqttQos.AtLeastOnce, Retain = true },
        });
        using (board)
        {
            // Taken before the last packet, where the broker's keep-alive clock starts, so a slow test cannot make the close look early.
            var silentSince = Environment.TickCount64;
            await board.SendAsync(new MqttPublishPacket { Topic = "aiot/th-quiet/status", Payload = "online"u8.ToArray(), Retain = true });
            await TestHost.EventuallyAsync(async () => (await host.Device("th-quiet").GetTwin()).Online, "the sensor is online");

            await TestHost.EventuallyAsync(async () => !(await host.Device("th-quiet").GetTwin()).Online, "the silent sensor is offline", 15_000);
            Assert.InRange(Environment.TickCount64 - silentSince, 1450, 15_000);
        }
    }

    [Fact]
    public async Task A_refusal_by_alias_in_the_set_reply_also_puts_the_twin_back()
    {
        await using var host = await TestHost.StartAsync();
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-alias");
        using var device = await host.ConnectAsync("plug-alias", "plug-alias", plug.Secret);
        var commands = device.Inbox();
        await device.SubscribeAsync("aiot/plug-alias/set", MqttQualityOfServiceLevel.AtLeastOnce);
        await device.PublishStringAsync("aiot/plug-alias/report", """{"13.1": true}""", MqttQualityOfServiceLevel.AtLeastOnce);
        await TestHost.EventuallyAsync(async () => (await host.Device("plug-alias").GetTwin()).Online, "the plug is online");

        await host.Device("plug-alias").SetProperty("13.1", PropertyValue.Of(false));
        using var set = JsonDocument.Parse((await commands.Reader.ReadAsync(Timeout())).Payload);
        var id = set.RootElement.GetProperty("id").GetInt64();
        Assert.InRange(id, 1, int.MaxValue);
        await device.PublishStringAsync("aiot/plug-alias/set/reply", "{\"id\": " + id + ", \"results\": {\"indicator-light.on\": -4004}}", MqttQualityOfServiceLevel.AtLeastOnce);

        await TestHost.EventuallyAsync(async () => (await host.Device("plug-alias").GetTwin())["13.1"]!.Value.AsBool(), "the refused set is undone");
    }

    [Fact]
    public async Task A_device_whose_connection_drops_stays_online_while_its_will_is_delayed()
    {
        await using var host = await TestHost.StartAsync();
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-delay");
        var (board, _) = await AIoT.Mqtt.Tests.Support.RawMqttClient.ConnectAsync(host.MqttPort(), new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "plug-delay",
            UserName = "plug-delay",
            Password = Encoding.UTF8.GetBytes(plug.Secret),
            Properties = new MqttProperties { SessionExpiryInterval = 120 },
            Will = new MqttWill { Topic = "aiot/plug-delay/status", Payload = "offline"u8.ToArray(), Qos = MqttQos.AtLeastOnce, Retain = true, Properties = new MqttProperties { WillDelayInterval = 60 } },
        });
        board.Version = MqttProtocolVersion.V500;
        await board.SendAsync(new MqttPublishPacket { Topic = "aiot/plug-delay/status", Payload = "online"u8.ToArray(), Retain = true });
        await TestHost.EventuallyAsync(async () => (await host.Device("plug-delay").GetTwin()).Online, "the plug is online");

        board.Dispose();
        // The board comes back with its session: the broker has handled the drop by the time it answers, and a will
        // sent at the drop instead of after its delay would be the retained status by then.
        var (back, backAck) = await AIoT.Mqtt.Tests.Support.RawMqttClient.ConnectAsync(host.MqttPort(), new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "plug-delay",
            UserName = "plug-delay",
            Password = Encoding.UTF8.GetBytes(plug.Secret),
            CleanStart = false,
            Properties = new MqttProperties { SessionExpiryInterval = 120 },
        });
        using (back)
        {
            Assert.True(backAck.SessionPresent, "the session rode out the drop");
            using var watcher = await host.ConnectAsync("watcher-delay", null, null);
            var status = watcher.Inbox();
            await watcher.SubscribeAsync("aiot/plug-delay/status", MqttQualityOfServiceLevel.AtLeastOnce);
            Assert.Equal("online", Encoding.UTF8.GetString((await status.Reader.ReadAsync(Timeout())).Payload.Span));
            Assert.True((await host.Device("plug-delay").GetTwin()).Online, "a 60 s will delay rides out a short drop");
        }
    }

    [Fact]
    public async Task An_oversized_report_is_refused_whole_and_a_broken_string_is_a_value_error()
    {
        await using var host = await TestHost.StartAsync();
        var sensor = await host.ProvisionAsync("lumi.sensor_ht.v1", "th-big");
        using var device = await host.ConnectAsync("th-big", "th-big", sensor.Secret);
        var errors = device.Inbox();
        await device.SubscribeAsync("aiot/th-big/error", MqttQualityOfServiceLevel.AtLeastOnce);

        var huge = "{" + string.Join(", ", Enumerable.Range(0, 1000).Select(i => $"\"9.{i}\": 1")) + "}";
        await device.PublishStringAsync("aiot/th-big/report", huge, MqttQualityOfServiceLevel.AtLeastOnce);
        using (var error = JsonDocument.Parse((await errors.Reader.ReadAsync(Timeout())).Payload))
        {
            var only = Assert.Single(error.RootElement.GetProperty("errors").EnumerateArray());
            Assert.Contains("at most 256", only.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await device.PublishStringAsync("aiot/th-big/report", """{"1.1": "\uD800"}""", MqttQualityOfServiceLevel.AtLeastOnce);
        using (var error = JsonDocument.Parse((await errors.Reader.ReadAsync(Timeout())).Payload))
        {
            Assert.Equal(MiotCodes.PropertyValueError, error.RootElement.GetProperty("errors")[0].GetProperty("code").GetInt32());
        }
    }


    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;
}
