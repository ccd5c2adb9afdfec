using System.Text;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Host.Tests.Cluster;

/// <summary>
/// Three silos whose gateways join one external broker (Debian's mosquitto) through a shared subscription, as they
/// would join a clustered EMQX: each report lands on one silo and reaches the one twin, and each command goes out once.
/// </summary>
public sealed class SharedBrokerClusterTests
{
    [Fact]
    public async Task Reports_through_the_shared_broker_reach_the_twins_and_each_command_reaches_its_device_once()
    {
        using var mosquitto = new MosquittoBroker();
        await mosquitto.StartAsync();
        await using var cluster = await PostgresCluster.StartAsync(3, "--broker", $"mqtt://127.0.0.1:{mosquitto.Port}");
        var devices = new List<ClusterDevice>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var device = await ClusterDevice.RegisterAsync(cluster.Silos[i % 3], $"shared-{i}", "shared-home");
                devices.Add(device);
                await device.ConnectToBrokerAsync(mosquitto.Port);
                await device.ReportAsync($$"""{"2.1": false, "11.1": {{500 + i}}}""");
            }

            for (var i = 0; i < devices.Count; i++)
            {
                // mosquitto acknowledges the publish; the twin gets it from whichever silo the shared subscription chose.
                await PostgresCluster.UntilTwinAsync(cluster.Silos[(i + 1) % 3], devices[i].Id, "11.1", $"{500 + i}");
            }

            for (var i = 0; i < devices.Count; i++)
            {
                using var http = cluster.Silos[(i + 2) % 3].Http();
                foreach (var on in new[] { true, false })
                {
                    var set = await http.PostAsync($"api/devices/{devices[i].Id}/properties", new StringContent($$"""{"2.1": {{(on ? "true" : "false")}}}""", Encoding.UTF8, "application/json"));
                    Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
                    // Were the set sent by more than one silo, the second command's turn would find the first's copy.
                    Assert.Equal(on, (await devices[i].NextSetAsync("2.1", TimeSpan.FromSeconds(20))).GetBoolean());
                }
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
