using System.Security.Cryptography;
using System.Text;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Gateway.Tests.Support;
using AIoT.Host.Hosting;
using Microsoft.Data.Sqlite;

namespace AIoT.Gateway.Tests;

/// <summary>A ./data folder written before the move to Orleans: its twins, registrations and secrets carry on.</summary>
public sealed class DataFolderUpgradeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("aiot-upgrade-").FullName;

    [Fact]
    public async Task A_data_folder_from_before_orleans_keeps_its_devices_their_secrets_and_their_twins()
    {
        const string secret = "old-secret-from-november";
        WriteLegacyDatabase(Path.Combine(_data, "grains.db"), secret);

        await using (var host = await StartAsync())
        {
            // The plug was online when that host stopped; it has not come back, and nothing here touches its twin:
            // the gateway's start sets it offline, and its household hears of it.
            var flat = host.Grains.GetGrain<AIoT.Ecosystem.Households.IHouseholdGrain>("flat");
            await TestHost.EventuallyAsync(async () => (await flat.GetSummary()).DevicesOnline == 0, "the household counts the plug offline");
            Assert.False((await host.Device("old-plug").GetTwin()).Online);

            var listed = await host.Provisioner.ListAsync();
            var device = Assert.Single(listed.Devices);
            Assert.Equal(("old-plug", "cuco.plug.v2eur", "Desk plug"), (device.DeviceId, device.Model, device.Name));
            Assert.Equal(PropertyValue.Of(true), (await host.Device("old-plug").GetTwin())["2.1"]);
            await (await host.ConnectAsync("old-plug", "old-plug", secret)).LeaveAsync();
            await host.RefusedConnectAsync("old-plug", "old-plug", "wrong");
        }

        // Taken over once: the registry row is gone from the grain state, the directory has the device for good.
        Assert.Equal(0L, Scalar(Path.Combine(_data, "grains.db"), "SELECT COUNT(*) FROM grain_state WHERE grain_id = 'device-registry/devices'"));
        await using var again = await StartAsync();
        Assert.Single((await again.Provisioner.ListAsync()).Devices);
        await (await again.ConnectAsync("old-plug", "old-plug", secret)).LeaveAsync();
    }

    private Task<RunningHost> StartAsync() => TestHost.StartOnDataAsync(_data);

    /// <summary>The file as the runtime before Orleans wrote it: one table, JSON state, the registry in one grain, PBKDF2 secrets.</summary>
    private static void WriteLegacyDatabase(string path, string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, 10_000, HashAlgorithmName.SHA256, 32);
        var secretHash = $"pbkdf2-sha256$10000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE grain_state (
                grain_id   TEXT    NOT NULL,
                state_name TEXT    NOT NULL,
                grain_type TEXT    NOT NULL,
                payload    BLOB    NOT NULL,
                version    INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (grain_id, state_name)
            ) WITHOUT ROWID;
            INSERT INTO grain_state VALUES ('device-registry/devices', 'state', 'device-registry', CAST($registry AS BLOB), 3, 0);
            INSERT INTO grain_state VALUES ('device-credentials/old-plug', 'state', 'device-credentials', CAST($credentials AS BLOB), 1, 0);
            INSERT INTO grain_state VALUES ('device/old-plug', 'state', 'device', CAST($device AS BLOB), 7, 0);
            INSERT INTO grain_state VALUES ('household/flat', 'state', 'household', CAST($household AS BLOB), 2, 0);
            """;
        command.Parameters.AddWithValue("$registry", """{"devices":{"old-plug":{"deviceId":"old-plug","model":"cuco.plug.v2eur","householdId":"flat","room":"hall","name":"Desk plug","registeredAt":"2026-11-20T10:00:00+00:00"}}}""");
        command.Parameters.AddWithValue("$credentials", $$"""{"secretHash":"{{secretHash}}","issuedAt":"2026-11-20T10:00:00+00:00"}""");
        command.Parameters.AddWithValue("$device", """{"model":"cuco.plug.v2eur","householdId":"flat","room":"hall","name":"Desk plug","online":true,"lastSeen":"2026-11-20T10:05:00+00:00","values":{"2.1":{"value":true,"changedAt":"2026-11-20T10:05:00+00:00"}}}""");
        command.Parameters.AddWithValue("$household", """{"name":"Flat","home":{"latitude":40.0493,"longitude":116.3054},"mode":0,"rooms":["hall"],"members":[],"devices":{"old-plug":{"model":"cuco.plug.v2eur","room":"hall","online":true,"lastSeen":"2026-11-20T10:05:00+00:00"}},"vehicles":[],"chargers":[],"openAlerts":[],"modeChangedAt":"2026-11-20T10:00:00+00:00"}""");
        command.ExecuteNonQuery();
    }

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
