using System.Globalization;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Gateway.Tests;

/// <summary>`aiot emulate`, run as a user runs it, against a whole host: registered, online, reporting, obeying, and gone on Ctrl-C.</summary>
public sealed class EmulatorTests
{
    [Fact]
    public async Task Emulated_devices_register_report_readings_answer_sets_and_go_offline_on_ctrl_c()
    {
        await using var host = await TestHost.StartAsync();
        using var emulator = ExternalProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "aiot.dll"), "emulate",
            "--type", "temperature-humidity-sensor", "--count", "3",
            "--broker", $"mqtt://127.0.0.1:{host.MqttPort()}",
            "--api", $"http://127.0.0.1:{host.HttpPort}",
            "--interval", "00:00:00.5",
        ]);
        await emulator.WaitForOutputAsync("connected 3/3", 30_000);
        Assert.Equal(3, (await host.Provisioner.ListAsync()).Devices.Count);

        var sensor = host.Device("emu-temperature-humidity-sensor-2");
        await TestHost.EventuallyAsync(async () => (await sensor.GetTwin()) is { Online: true } twin && twin["2.1"]?.AsDouble() is > 15 and < 30, "the sensor is online with a room temperature");

        await using var plugs = await StartPlugAsync(host);
        var plug = host.Device("emu-outlet-1");
        await TestHost.EventuallyAsync(async () => (await plug.GetTwin()).Online, "the emulated plug is online");
        await plug.SetProperty("switch.on", PropertyValue.Of(true));
        await plugs.Process.WaitForOutputAsync("1 commands answered", 20_000);
        Assert.True((await plug.GetTwin())["2.1"]!.Value.AsBool());

        Interrupt(emulator);
        Assert.Equal(0, await emulator.WaitAsync(20_000));
        await TestHost.EventuallyAsync(async () => !(await sensor.GetTwin()).Online, "the sensor is offline after Ctrl-C");
    }

    private static async Task<ProcessScope> StartPlugAsync(AIoT.Host.Hosting.RunningHost host)
    {
        var process = ExternalProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "aiot.dll"), "emulate",
            "--type", "outlet", "--count", "1",
            "--broker", $"mqtt://127.0.0.1:{host.MqttPort()}",
            "--api", $"http://127.0.0.1:{host.HttpPort}",
            "--interval", "00:00:01",
        ]);
        await process.WaitForOutputAsync("connected 1/1", 30_000);
        return new ProcessScope(process);
    }

    private static void Interrupt(ExternalProcess process) =>
        System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();

    private sealed class ProcessScope(ExternalProcess process) : IAsyncDisposable
    {
        public ExternalProcess Process { get; } = process;

        public ValueTask DisposeAsync()
        {
            Process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
