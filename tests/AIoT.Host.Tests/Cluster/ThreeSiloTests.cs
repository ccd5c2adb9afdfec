using System.Net;
using System.Text;
using System.Text.Json;

namespace AIoT.Host.Tests.Cluster;

/// <summary>Three `aiot --cluster` processes: one set of grains, one device directory, devices on any node.</summary>
public sealed class ThreeSiloTests(ThreeSiloCluster fixture) : IClassFixture<ThreeSiloCluster>
{
    private PostgresCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Every_silo_knows_the_other_two()
    {
        foreach (var silo in Cluster.Silos)
        {
            await silo.WaitForOutputAsync("Joined cluster aiot");
        }

        Assert.Contains("3 silos active", Cluster.Silos[2].Output);
        foreach (var silo in Cluster.Silos)
        {
            using var http = silo.Http();
            using var health = JsonDocument.Parse(await http.GetStringAsync("health"));
            Assert.Equal(("ok", 3), (health.RootElement.GetProperty("status").GetString(), health.RootElement.GetProperty("silosActive").GetInt32()));
        }
    }

    [Fact]
    public async Task A_device_registered_through_one_silo_is_found_and_counted_by_every_silo()
    {
        var device = await ClusterDevice.RegisterAsync(Cluster.Silos[0], "reg-plug", "reg-home");

        foreach (var silo in Cluster.Silos)
        {
            using var http = silo.Http();
            var found = await http.GetAsync($"api/devices/{device.Id}");
            Assert.True(found.StatusCode == HttpStatusCode.OK, $"{silo.Name}: {(int)found.StatusCode}");
            using var page = JsonDocument.Parse(await http.GetStringAsync("api/devices?limit=1000"));
            Assert.Contains(page.RootElement.GetProperty("devices").EnumerateArray(), d => d.GetProperty("deviceId").GetString() == device.Id);
        }
    }

    [Fact]
    public async Task A_twin_is_one_grain_whichever_silo_calls_it()
    {
        await ClusterDevice.RegisterAsync(Cluster.Silos[1], "one-plug", "one-home");

        for (var i = 0; i < 3; i++)
        {
            var writer = Cluster.Silos[i];
            var on = i % 2 == 0 ? "true" : "false";
            using var http = writer.Http();
            var set = await http.PostAsync("api/devices/one-plug/properties", new StringContent($$"""{"13.1": {{on}}}""", Encoding.UTF8, "application/json"));
            Assert.True(set.IsSuccessStatusCode, $"{writer.Name}: {(int)set.StatusCode} {await set.Content.ReadAsStringAsync()}");
            foreach (var reader in Cluster.Silos)
            {
                // Read at once, not eventually: a second activation would answer with what it holds.
                Assert.Equal(on, await PostgresCluster.TryReadTwinAsync(reader, "one-plug", "13.1"));
            }
        }
    }

    [Fact]
    public async Task Devices_spread_over_the_three_brokers_report_and_receive_commands_sent_through_any_silo()
    {
        var devices = new List<ClusterDevice>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var device = await ClusterDevice.RegisterAsync(Cluster.Silos[i % 3], $"spread-{i}", "spread-home");
                devices.Add(device);
                await device.ConnectAsync(Cluster.Silos[i % 3]);
                await device.ReportAsync($$"""{"2.1": false, "11.1": {{100 + i}}}""");
            }

            for (var i = 0; i < devices.Count; i++)
            {
                // PUBACK means the twin holds the report, so another silo reads it at once.
                Assert.Equal($"{100 + i}", await PostgresCluster.TryReadTwinAsync(Cluster.Silos[(i + 1) % 3], devices[i].Id, "11.1"));
            }

            for (var i = 0; i < devices.Count; i++)
            {
                var sender = Cluster.Silos[(i + 2) % 3];
                using var http = sender.Http();
                var set = await http.PostAsync($"api/devices/{devices[i].Id}/properties", new StringContent("""{"2.1": true}""", Encoding.UTF8, "application/json"));
                Assert.True(set.IsSuccessStatusCode, $"{sender.Name}: {(int)set.StatusCode} {await set.Content.ReadAsStringAsync()}");
                var command = await devices[i].NextSetAsync("2.1", TimeSpan.FromSeconds(20));
                Assert.True(command.GetBoolean(), $"{devices[i].Id} got 2.1 = {command}");
            }
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }
}
