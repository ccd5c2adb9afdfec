using System.Globalization;
using AIoT.Gateway.Provisioning;
using Microsoft.Data.Sqlite;
using static AIoT.Host.Registry.SqliteCommands;

namespace AIoT.Host.Registry;

/// <summary>
/// The device directory in a SQLite file of its own: one row per registered device, its id the
/// primary key, so adding, finding and a page cost a B-tree step however many devices there are; the count is kept
/// in its own row, updated in the same transaction.
/// </summary>
public sealed class SqliteDeviceDirectory : IDeviceDirectory, IAsyncDisposable
{
    private const string Columns = "device_id, model, household_id, room, name, registered_at, secret_hash";

    private readonly string _connectionString;
    private DirectoryWriter? _writer;

    private SqliteDeviceDirectory(string connectionString) => _connectionString = connectionString;

    private DirectoryWriter Writer => _writer ?? throw new InvalidOperationException("The device directory is not open.");

    /// <summary>Opens the directory in <paramref name="databasePath"/>, creating its tables, and takes over the registry that <paramref name="grainDatabasePath"/> holds if it was written before the directory existed.</summary>
    public static async Task<SqliteDeviceDirectory> OpenAsync(string databasePath, string grainDatabasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var directory = new SqliteDeviceDirectory(ConnectionString(databasePath));
        await using var connection = await directory.OpenConnectionAsync();
        await using (var wal = Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            await wal.ExecuteNonQueryAsync();
        }

        await using var transaction = connection.BeginTransaction();
        var hadConnectedTable = await TableExistsAsync(connection, transaction, "device_connected");
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS device_directory (
                device_id     TEXT    NOT NULL PRIMARY KEY,
                model         TEXT    NOT NULL,
                household_id  TEXT,
                room          TEXT    NOT NULL,
                name          TEXT    NOT NULL,
                registered_at INTEGER NOT NULL,
                secret_hash   TEXT,
                removing      INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS device_directory_count (
                id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                devices INTEGER NOT NULL
            );
            INSERT INTO device_directory_count (id, devices) SELECT 1, COUNT(*) FROM device_directory WHERE true
                ON CONFLICT (id) DO NOTHING;
            CREATE TABLE IF NOT EXISTS device_connected (
                device_id TEXT NOT NULL PRIMARY KEY
            ) WITHOUT ROWID;
            """);
        await AddRemovingColumnAsync(connection, transaction);
        if (!hadConnectedTable)
        {
            // Written before connections were noted: any of its devices may have been left online.
            await ExecuteAsync(connection, transaction, "INSERT INTO device_connected (device_id) SELECT device_id FROM device_directory");
        }
        await transaction.CommitAsync();
        var writing = await directory.OpenConnectionAsync();
        await using (var synchronous = Command(writing, null, "PRAGMA synchronous = NORMAL"))
        {
            // With WAL, NORMAL loses no committed registration when the process dies, only when the machine does.
            await synchronous.ExecuteNonQueryAsync();
        }

        directory._writer = new DirectoryWriter(writing);
        await LegacyRegistryImport.RunAsync(grainDatabasePath, directory);
        return directory;
    }

    public Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<DirectoryEntry> entries)
    {
        // Sorted here, off the writer's loop, which every write waits on.
        var inKeyOrder = InKeyOrder(entries);
        return Writer.RunAsync((connection, transaction) => InsertAsync(connection, transaction, inKeyOrder));
    }

    public Task<DirectoryEntry?> BeginRemovalAsync(string deviceId) => Writer.RunAsync(async (connection, transaction) =>
    {
        await using var find = Command(connection, transaction, $"SELECT {Columns}, removing FROM device_directory WHERE device_id = $id");
        find.Parameters.AddWithValue("$id", deviceId);
        DirectoryEntry entry;
        await using (var reader = await find.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
            {
                return null;
            }

            entry = Read(reader);
            if (reader.GetInt64(7) != 0)
            {
                return entry;
            }
        }

        await using var mark = Command(connection, transaction, "UPDATE device_directory SET removing = 1 WHERE device_id = $id");
        mark.Parameters.AddWithValue("$id", deviceId);
        await mark.ExecuteNonQueryAsync();
        await ExecuteAsync(connection, transaction, "UPDATE device_directory_count SET devices = devices - 1 WHERE id = 1");
        return entry;
    });

    public Task<bool> RemoveAsync(string deviceId) => Writer.RunAsync(async (connection, transaction) =>
    {
        await using var delete = Command(connection, transaction, "DELETE FROM device_directory WHERE device_id = $id RETURNING removing");
        delete.Parameters.AddWithValue("$id", deviceId);
        var removing = await delete.ExecuteScalarAsync();
        await using var forget = Command(connection, transaction, "DELETE FROM device_connected WHERE device_id = $id");
        forget.Parameters.AddWithValue("$id", deviceId);
        await forget.ExecuteNonQueryAsync();
        if (removing is 0L)
        {
            await ExecuteAsync(connection, transaction, "UPDATE device_directory_count SET devices = devices - 1 WHERE id = 1");
        }

        return removing is not null;
    });

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }
    }

    public async Task<DirectoryEntry?> FindAsync(string deviceId)
    {
        await using var connection = await OpenConnectionAsync();
        await using var find = Command(connection, null, $"SELECT {Columns} FROM device_directory WHERE device_id = $id AND removing = 0");
        find.Parameters.AddWithValue("$id", deviceId);
        await using var reader = await find.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    public async Task<DevicePage> ListAsync(string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenConnectionAsync();
        await using var list = Command(connection, null, $"SELECT {Columns} FROM device_directory WHERE device_id > $after AND removing = 0 ORDER BY device_id LIMIT $limit");
        list.Parameters.AddWithValue("$after", after ?? "");
        list.Parameters.AddWithValue("$limit", limit + 1);
        var devices = new List<ProvisionedDevice>(Math.Min(limit + 1, 1024));
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            devices.Add(Read(reader).Device);
        }

        return devices.Count > limit ? new DevicePage(devices[..limit], devices[limit - 1].DeviceId) : new DevicePage(devices, null);
    }

    public async Task<long> CountAsync()
    {
        await using var connection = await OpenConnectionAsync();
        await using var count = Command(connection, null, "SELECT devices FROM device_directory_count WHERE id = 1");
        return (long)(await count.ExecuteScalarAsync() ?? 0L);
    }

    public Task RecordConnectedAsync(string deviceId, bool connected) => Writer.RunAsync(async (connection, transaction) =>
    {
        await using var record = Command(connection, transaction, connected
            ? "INSERT INTO device_connected (device_id) VALUES ($id) ON CONFLICT (device_id) DO NOTHING"
            : "DELETE FROM device_connected WHERE device_id = $id");
        record.Parameters.AddWithValue("$id", deviceId);
        return await record.ExecuteNonQueryAsync();
    });

    public async Task<IReadOnlyList<string>> ListRecordedConnectedAsync(string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenConnectionAsync();
        await using var list = Command(connection, null, "SELECT device_id FROM device_connected WHERE device_id > $after ORDER BY device_id LIMIT $limit");
        list.Parameters.AddWithValue("$after", after ?? "");
        list.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>(Math.Min(limit, 1024));
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<IReadOnlyList<string>> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<DirectoryEntry> entries)
    {
        var taken = new List<string>();
        // Synchronous: this runs on the directory's writer loop, where an await per row only adds cost.
        var added = DirectoryRowInsert.Run(connection, entries, taken);
        if (added > 0)
        {
            await ExecuteAsync(connection, transaction, $"UPDATE device_directory_count SET devices = devices + {added.ToString(CultureInfo.InvariantCulture)} WHERE id = 1");
        }

        return taken;
    }

    /// <summary>
    /// The table is a B-tree on device_id: rows added in id order fill one page after another, rows in random order
    /// (generated ids are random) land all over the tree, and every page they touch is written again at the commit.
    /// </summary>
    private static IReadOnlyList<DirectoryEntry> InKeyOrder(IReadOnlyList<DirectoryEntry> entries)
    {
        for (var i = 1; i < entries.Count; i++)
        {
            if (string.CompareOrdinal(entries[i - 1].Device.DeviceId, entries[i].Device.DeviceId) > 0)
            {
                // A stable sort: of two entries with one id, the first given is the one added, as in the other directories.
                return entries.OrderBy(static e => e.Device.DeviceId, StringComparer.Ordinal).ToArray();
            }
        }

        return entries;
    }

    private static async Task<bool> TableExistsAsync(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        await using var find = Command(connection, transaction, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name");
        find.Parameters.AddWithValue("$name", table);
        return (long)(await find.ExecuteScalarAsync() ?? 0L) > 0;
    }

    /// <summary>Files written before removals could be resumed have no removing column; every row in them is registered.</summary>
    private static async Task AddRemovingColumnAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        await using var columns = Command(connection, transaction, "SELECT COUNT(*) FROM pragma_table_info('device_directory') WHERE name = 'removing'");
        if ((long)(await columns.ExecuteScalarAsync() ?? 0L) == 0)
        {
            await ExecuteAsync(connection, transaction, "ALTER TABLE device_directory ADD COLUMN removing INTEGER NOT NULL DEFAULT 0");
        }
    }

    private static DirectoryEntry Read(SqliteDataReader reader) => new(
        new ProvisionedDevice(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))),
        reader.IsDBNull(6) ? null : reader.GetString(6));

    private async Task<SqliteConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
