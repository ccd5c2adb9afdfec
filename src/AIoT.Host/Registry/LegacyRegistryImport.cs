using System.Text.Json;
using AIoT.Gateway.Provisioning;
using Microsoft.Data.Sqlite;

namespace AIoT.Host.Registry;

/// <summary>
/// Before the directory, one grain ("device-registry/devices") kept every registered device in its state. A data folder
/// written then still holds that row in the grain state file: its devices move into the directory, then the row goes.
/// Adding is idempotent, so a stop between the two only repeats the move. Their secrets stay where they were, in each
/// device's credentials grain.
/// </summary>
internal static class LegacyRegistryImport
{
    private const string RegistryGrainId = "device-registry/devices";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    public static async Task RunAsync(string grainDatabasePath, IDeviceDirectory directory)
    {
        if (!File.Exists(grainDatabasePath))
        {
            return;
        }

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = grainDatabasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        await using var find = connection.CreateCommand();
        find.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'grain_state'";
        if (await find.ExecuteScalarAsync() is null)
        {
            return;
        }

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT payload FROM grain_state WHERE grain_id = $id AND state_name = 'state'";
        read.Parameters.AddWithValue("$id", RegistryGrainId);
        if (await read.ExecuteScalarAsync() is not byte[] payload)
        {
            return;
        }

        LegacyRegistryState registry;
        try
        {
            registry = JsonSerializer.Deserialize<LegacyRegistryState>(payload, Json) ?? new LegacyRegistryState();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The device registry written before this version ({RegistryGrainId} in {grainDatabasePath}) cannot be read: {ex.Message}. Nothing was changed; keep the data folder and report this, or start with another --data folder.", ex);
        }

        await directory.AddAsync([.. registry.Devices.Values.Select(device => new DirectoryEntry(device, SecretHash: null))]);
        // That runtime noted no connections: any of these devices may have been left online.
        await Task.WhenAll(registry.Devices.Keys.Select(id => directory.RecordConnectedAsync(id, connected: true)));
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM grain_state WHERE grain_id = $id";
        delete.Parameters.AddWithValue("$id", RegistryGrainId);
        await delete.ExecuteNonQueryAsync();
    }

    private sealed class LegacyRegistryState
    {
        public Dictionary<string, ProvisionedDevice> Devices { get; set; } = [];
    }
}
