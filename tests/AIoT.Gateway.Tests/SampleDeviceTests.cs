using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Gateway.Tests;

/// <summary>The Python (paho-mqtt) and Node (MQTT.js) samples, run as users run them, against a whole host.</summary>
public sealed class SampleDeviceTests
{
    [Fact]
    public async Task The_python_plug_reports_obeys_a_set_made_on_its_twin_and_goes_offline_through_its_will()
    {
        await using var host = await TestHost.StartAsync();
        var provisioned = await host.ProvisionAsync("cuco.plug.v2eur", "plug-py");
        using var plug = ExternalProcess.Start("/usr/bin/python3", [Samples.PathOf("devices/python-plug/plug.py")], new Dictionary<string, string>
        {
            ["AIOT_PORT"] = host.MqttPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AIOT_DEVICE_ID"] = "plug-py",
            ["AIOT_DEVICE_SECRET"] = provisioned.Secret,
            ["AIOT_REPORT_SECONDS"] = "0.5",
        });
        await plug.WaitForOutputAsync("connected");
        var twin = host.Device("plug-py");
        await TestHost.EventuallyAsync(async () => (await twin.GetTwin()) is { Online: true } t && t["11.2"]?.AsDouble() > 1000, "the plug is online and reports a load");

        await twin.SetProperty("switch.on", PropertyValue.Of(false));
        await plug.WaitForOutputAsync("set 2.1=false");
        await TestHost.EventuallyAsync(async () => (await twin.GetTwin()) is var t && t["11.2"]?.AsDouble() == 0 && t["2.1"]?.AsBool() == false, "the plug reports it is off, with no load");

        plug.Kill();
        await TestHost.EventuallyAsync(async () => !(await twin.GetTwin()).Online, "the will marks the plug offline");
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("websocket")]
    public async Task The_node_light_answers_sets_and_actions_over_mqtt5_and_goes_offline_through_its_will(string transport)
    {
        await using var host = await TestHost.StartAsync();
        var provisioned = await host.ProvisionAsync("yeelink.light.ceiling22", "light-js");
        using var light = ExternalProcess.Start("node", [Samples.PathOf("devices/node-light/light.js")], new Dictionary<string, string>
        {
            ["NODE_PATH"] = NodeModules.Path,
            ["AIOT_URL"] = transport == "tcp" ? $"mqtt://127.0.0.1:{host.MqttPort()}" : $"ws://127.0.0.1:{host.HttpPort}/mqtt",
            ["AIOT_DEVICE_ID"] = "light-js",
            ["AIOT_DEVICE_SECRET"] = provisioned.Secret,
            ["AIOT_REPORT_SECONDS"] = "0.5",
        });
        await light.WaitForOutputAsync("connected");
        var twin = host.Device("light-js");
        await TestHost.EventuallyAsync(async () => (await twin.GetTwin()) is { Online: true } t && t["2.3"]?.AsLong() == 4000, "the light is online and reported its colour temperature");

        await twin.SetProperty("light.brightness", PropertyValue.Of(30));
        var afterSet = DateTimeOffset.UtcNow;
        await light.WaitForOutputAsync("set 2.2=30");
        // The set alone puts 30 in the twin; only a report from the light after it shows the light took it.
        // A periodic report sent before the light got the set may land after it; the light's own report after the set settles the twin.
        await TestHost.EventuallyAsync(
            async () => await twin.GetTwin() is { LastSeen: { } seen } t && seen > afterSet && t["2.2"]?.AsLong() == 30,
            "the light reports the brightness it was set to");

        var result = await twin.InvokeAction("light.toggle", []);
        Assert.True(result.IsOk, result.Error);
        await light.WaitForOutputAsync("action 2.1");

        light.Kill();
        await TestHost.EventuallyAsync(async () => !(await twin.GetTwin()).Online, "the will marks the light offline");
    }
}
