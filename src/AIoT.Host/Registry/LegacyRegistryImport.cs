using System.Text.Json;
using AIoT.Gateway.Provisioning;
using Microsoft.Data.Sqlite;

namespace AIoT.Host.Registry;

/// <summary>
/// Before the directory, one grain ("deviceregistry/devices") kept every registered device in its state. A data folder
/// written then still holds that row: its devices move into the directory once, and the row goes, in one transaction.
/// Their secrets stay where they were, in each device's credentials grain.
/// </summary>
internal static class LegacyRegistryImport
{
    private const string RegistryGrainId = "deviceregistry/devices";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    public static async Task RunAsync(SqliteConnection connection, SqliteTransaction transaction, Func<IEnumerable<DirectoryEntry>, Task> insert)
    {
        await using var find = connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'grain_state'";
        if (await find.ExecuteScalarAsync() is null)
        {
            return;
        }

        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
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
            throw new InvalidDataException($"The device registry written before this version ({RegistryGrainId} in grain_state) cannot be read: {ex.Message}. Keep the data folder and report this; or start with another --data folder.", ex);
        }

        await insert(registry.Devices.Values.Select(device => new DirectoryEntry(device, SecretHash: null)));
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM grain_state WHERE grain_id = $id";
        delete.Parameters.AddWithValue("$id", RegistryGrainId);
        await delete.ExecuteNonQueryAsync();
    }

    private sealed class LegacyRegistryState
    {
        public Dictionary<string, ProvisionedDevice> Devices { get; set; } = [];
    }
}
