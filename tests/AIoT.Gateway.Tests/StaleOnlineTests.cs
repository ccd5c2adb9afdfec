using AIoT.Gateway.Tests.Support;
using AIoT.Host.Hosting;
using MQTTnet;
using Orleans.Runtime;

namespace AIoT.Gateway.Tests;

/// <summary>Twins left online by a run that ended without its devices disconnecting are set right at the next start, without touching the rest of the fleet.</summary>
public sealed class StaleOnlineTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("aiot-stale-").FullName;

    [Fact]
    public async Task After_a_restart_only_the_twins_of_devices_connected_in_the_last_run_are_read_and_set_offline()
    {
        await using (var host = await StartAsync())
        {
            for (var i = 0; i < 20; i++)
            {
                await host.ProvisionAsync("cuco.plug.v2eur", $"plug-{i:D2}");
            }

            // What a crash leaves: the gateway had noted plug-07 connected, and its twin says online.
            await host.Device("plug-07").SetOnline(true);
            await host.Gateway.StartupCheck;
            await host.Directory.RecordConnectedAsync("plug-07", connected: true);
        }

        await using var again = await StartAsync();
        await again.Gateway.StartupCheck;

        Assert.Equal(1, await ActiveDeviceGrainsAsync(again));
        Assert.False((await again.Device("plug-07").GetTwin()).Online);
        Assert.Empty(await again.Directory.ListRecordedConnectedAsync(null, 10));
    }

    [Fact]
    public async Task The_gateway_notes_a_device_as_connected_while_its_session_lasts()
    {
        await using var host = await StartAsync();
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-noted");

        var client = await host.ConnectAsync("plug-noted", "plug-noted", plug.Secret);
        await client.PublishStringAsync("aiot/plug-noted/status", "online");
        await TestHost.EventuallyAsync(async () => (await host.Directory.ListRecordedConnectedAsync(null, 10)).Contains("plug-noted"), "the directory notes the plug connected");
        await client.LeaveAsync();

        await TestHost.EventuallyAsync(async () => (await host.Directory.ListRecordedConnectedAsync(null, 10)).Count == 0, "the directory notes the plug gone");
    }

    private static async Task<int> ActiveDeviceGrainsAsync(RunningHost host) =>
        (await host.Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create(AIoT.Ecosystem.Runtime.EcosystemGrainTypes.Device))).Count;

    private Task<RunningHost> StartAsync() => TestHost.StartOnDataAsync(_data);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
