using System.Text.RegularExpressions;
using AIoT.Gateway.Tests.Support;
using AIoT.Host.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Gateway.Tests;

/// <summary>The host's log at Information stays readable when a fleet comes and goes: one summary, with each device's line at Debug.</summary>
public sealed class FleetLogTests
{
    private const int Devices = 50;

    [Fact]
    public async Task Fifty_devices_leaving_write_one_information_line_about_going_offline_and_each_device_a_debug_line()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Debug)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Orleans", LogLevel.Warning)
            .AddProvider(logs));
        // Longer than the test: everything lands in one interval, which stopping the host writes.
        var host = await new AiotHost(new HostSettings
        {
            InMemory = true,
            SiloPort = 0,
            DemoHouseholds = 0,
            Mqtt = "127.0.0.1:0",
            Http = "off",
            LogSummaryInterval = TimeSpan.FromHours(1),
        }).StartAsync(loggerFactory);

        var clients = new List<IMqttClient>();
        await using (host)
        {
            for (var i = 0; i < Devices; i++)
            {
                var deviceId = $"fleet-plug-{i}";
                var provisioned = await host.ProvisionAsync("cuco.plug.v2eur", deviceId);
                var client = await host.ConnectAsync(deviceId, deviceId, provisioned.Secret);
                clients.Add(client);
                await client.PublishStringAsync($"aiot/{deviceId}/status", "online", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
            }

            await TestHost.EventuallyAsync(() => Task.FromResult(host.Gateway.ConnectedDevices == Devices), $"all {Devices} devices are online");
            await clients[0].PublishStringAsync("aiot/fleet-plug-0/report", "not json", MqttQualityOfServiceLevel.AtLeastOnce);
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await host.RefusedConnectAsync("fleet-stranger", "fleet-stranger", "guessed"));

            await Task.WhenAll(clients.Select(c => c.LeaveAsync()));
            await TestHost.EventuallyAsync(() => Task.FromResult(DeviceLines(logs, "is offline").Count() == Devices), $"each of the {Devices} devices logged going offline");

            Assert.All(DeviceLines(logs, "is offline"), line => Assert.Equal(LogLevel.Debug, line.Level));
            Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Information && line.Message.Contains("offline", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Information && line.Message.Contains("fleet-", StringComparison.Ordinal));
        var offline = Assert.Single(logs.Lines, line => line.Level >= LogLevel.Information && line.Message.Contains("offline", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, offline.Level);
        Assert.Matches(new Regex(@"^50 devices went online in the last [0-9.]+ m?s; 50 devices went offline; 1 refused device message$"), offline.Message);
        var refused = Assert.Single(logs.Lines, line => line.Level >= LogLevel.Information && line.Message.Contains("refused for", StringComparison.Ordinal));
        Assert.Matches(new Regex(@"^1 connection refused for its credentials in the last [0-9.]+ m?s$"), refused.Message);
    }

    private static IEnumerable<LoggedLine> DeviceLines(CapturingLoggerProvider logs, string ending) =>
        logs.Lines.Where(line => line.Message.StartsWith("fleet-plug-", StringComparison.Ordinal) && line.Message.EndsWith(ending, StringComparison.Ordinal));
}
