using System.Globalization;
using AIoT.Grains.Storage;
using Microsoft.Data.Sqlite;

namespace AIoT.Grains.Sqlite;

/// <summary>
/// Grain state in one SQLite file, the embedded durable default: survives a restart of the host, needs no server.
/// One row per grain and state name; the ETag is a version number checked in the UPDATE itself, so a stale writer
/// changes no row and gets <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private readonly string _connectionString;
    private readonly GrainStateSerializer _serializer;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private bool _schemaReady;

    public SqliteGrainStorage(string databasePath, GrainStateSerializer? serializer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _serializer = serializer ?? GrainStateSerializer.Default;
    }

    public string DatabasePath { get; }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, version FROM grain_state WHERE grain_id = $id AND state_name = $name";
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", stateName);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            var payload = (byte[])reader.GetValue(0);
            grainState.State = _serializer.Deserialize<T>(payload, grainId, stateName);
            grainState.ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _serializer.Serialize(grainState.State);
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        long newVersion;
        if (grainState.ETag is null)
        {
            command.CommandText = """
                INSERT INTO grain_state (grain_id, state_name, grain_type, payload, version, updated_at)
                VALUES ($id, $name, $type, $payload, 1, $now)
                ON CONFLICT (grain_id, state_name) DO NOTHING
                """;
            newVersion = 1;
        }
        else
        {
            var expected = ParseETag(grainState.ETag, grainId, stateName);
            command.CommandText = """
                UPDATE grain_state SET payload = $payload, version = version + 1, updated_at = $now
                WHERE grain_id = $id AND state_name = $name AND version = $expected
                """;
            command.Parameters.AddWithValue("$expected", expected);
            newVersion = expected + 1;
        }

        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$type", grainId.Type.Name);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (await command.ExecuteNonQueryAsync() != 1)
        {
            throw new InconsistentStateException(grainId, stateName, grainState.ETag, await StoredVersionAsync(connection, grainId, stateName));
        }

        grainState.ETag = newVersion.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        if (grainState.ETag is null)
        {
            var stored = await StoredVersionAsync(connection, grainId, stateName);
            if (stored is not null)
            {
                throw new InconsistentStateException(grainId, stateName, null, stored);
            }

            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM grain_state WHERE grain_id = $id AND state_name = $name AND version = $expected";
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$expected", ParseETag(grainState.ETag, grainId, stateName));
        if (await command.ExecuteNonQueryAsync() != 1)
        {
            throw new InconsistentStateException(grainId, stateName, grainState.ETag, await StoredVersionAsync(connection, grainId, stateName));
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static long ParseETag(string etag, GrainId grainId, string stateName) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException(grainId, stateName, etag, null);

    private static async Task<string?> StoredVersionAsync(SqliteConnection connection, GrainId grainId, string stateName)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM grain_state WHERE grain_id = $id AND state_name = $name";
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", stateName);
        var value = await command.ExecuteScalarAsync();
        return value is long version ? version.ToString(CultureInfo.InvariantCulture) : null;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(connection);
        }

        return connection;
    }

    private async Task EnsureSchemaAsync(SqliteConnection connection)
    {
        await _schemaGate.WaitAsync();
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS grain_state (
                    grain_id   TEXT    NOT NULL,
                    state_name TEXT    NOT NULL,
                    grain_type TEXT    NOT NULL,
                    payload    BLOB    NOT NULL,
                    version    INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (grain_id, state_name)
                ) WITHOUT ROWID;
                """;
            await command.ExecuteNonQueryAsync();
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    public void Dispose()
    {
        _schemaGate.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
