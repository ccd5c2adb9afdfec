using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Tests.Runtime;
using AIoT.Ecosystem.Tests.Support;

namespace AIoT.Ecosystem.Tests.Twins;

/// <summary>
/// The twin on the storage the host runs with, in clusters of its own: SQLite by default (AIoT.Storage; a silo stops
/// and another starts on the same file), Orleans' memory storage with --in-memory.
/// </summary>
public sealed class DeviceTwinStorageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-device-").FullName;

    private string Database => Path.Combine(_folder, "grains.db");

    [Fact]
    public async Task The_twin_survives_a_restart()
    {
        await using (var silo = await EcosystemCluster.StartSqliteAsync(Database))
        {
            var lamp = silo.Grains.GetGrain<IDeviceGrain>("lamp-durable");
            await lamp.Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "living-room", "Ceiling"));
            await lamp.SetProperty("light.brightness", PropertyValue.Of(55));
            var temperature = (await lamp.ReportProperties([new("light.color-temperature", PropertyValue.Of(5000))]))[0].Key;

            // A report waits for the flush (30 s of silo time, which this test never lets pass): the stop must write it.
            Assert.Equal(PropertyValue.Of(2700), (await silo.ReadStoredStateAsync<DeviceState>(lamp)).Values[temperature].Value);
        }

        await using var restarted = await EcosystemCluster.StartSqliteAsync(Database);
        var twin = await restarted.Grains.GetGrain<IDeviceGrain>("lamp-durable").GetTwin();
        Assert.Equal(PropertyValue.Of(55), twin["light.brightness"]);
        Assert.Equal(PropertyValue.Of(5000), twin["light.color-temperature"]);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_the_stored_twin_is_kept()
    {
        await using var silo = await EcosystemCluster.StartSqliteAsync(Database);
        await StaleETags.AreRefusedAsync(silo, TestKeys.Unique("lamp"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
