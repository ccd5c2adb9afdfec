using AIoT.Gateway.Provisioning;
using AIoT.Host.Registry;
using Microsoft.Data.Sqlite;

namespace AIoT.Gateway.Tests;

/// <summary>A bulk of rows written to the SQLite device directory reads back as it was given, each row with its own values.</summary>
public sealed class DirectoryBulkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-directory-bulk-").FullName;

    [Fact]
    public async Task Every_row_of_a_bulk_keeps_its_own_values_and_the_taken_ids_are_named_and_left_alone()
    {
        await using var directory = await SqliteDeviceDirectory.OpenAsync(Path.Combine(_folder, "devices.db"), Path.Combine(_folder, "grains.db"));
        var earlier = new DirectoryEntry(new ProvisionedDevice("taken-1", "cuco.plug.v2eur", "home", "hall", "First owner", DateTimeOffset.FromUnixTimeMilliseconds(1)), "theirs");
        Assert.Empty(await directory.AddAsync([earlier]));

        // Runs of equal values, then a change, then back; nulls between texts: what one row bound must not leak into the next.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var bulk = Enumerable.Range(0, 300).Select(i => new DirectoryEntry(
            new ProvisionedDevice(
                $"dev-{(i * 7919) % 300:D3}",
                i % 50 < 40 ? "cuco.plug.v2eur" : "zhimi.airp.mb3",
                i % 3 == 0 ? null : $"home-{i / 100}",
                i % 4 == 0 ? "" : "kitchen",
                $"Device {i}",
                at.AddMilliseconds(i / 10)),
            i % 5 == 0 ? null : $"sha256$salt{i}$hash{i}")).ToList();
        bulk.Insert(150, new DirectoryEntry(earlier.Device with { Name = "Second owner" }, "mine"));

        var taken = await directory.AddAsync(bulk);

        Assert.Equal(["taken-1"], taken);
        Assert.Equal(301, await directory.CountAsync());
        Assert.Equal(earlier, await directory.FindAsync("taken-1"));
        foreach (var entry in bulk.Where(e => e.Device.DeviceId != "taken-1"))
        {
            Assert.Equal(entry, await directory.FindAsync(entry.Device.DeviceId));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
