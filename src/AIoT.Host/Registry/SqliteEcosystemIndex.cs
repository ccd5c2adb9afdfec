using AIoT.Ecosystem.Index;
using Microsoft.Data.Sqlite;

namespace AIoT.Host.Registry;

/// <summary>
/// The ecosystem index in a SQLite file of its own: one row per twin, keyed by kind and id, so a page and a prefix
/// search are a B-tree range; the counts are kept in their own rows, updated in the same transaction as the rows.
/// </summary>
public sealed class SqliteEcosystemIndex : IEcosystemIndex, IAsyncDisposable
{
    private const string Columns = "kind, id, name, household_id, detail, room";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly SqliteConnection _writer;

    private SqliteEcosystemIndex(string connectionString, SqliteConnection writer) => (_connectionString, _writer) = (connectionString, writer);

    public static async Task<SqliteEcosystemIndex> OpenAsync(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync();
        await ExecuteAsync(writer, null, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS ecosystem_index (
                kind         INTEGER NOT NULL,
                id           TEXT    NOT NULL,
                name         TEXT    NOT NULL,
                household_id TEXT,
                detail       TEXT,
                room         TEXT,
                PRIMARY KEY (kind, id)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS ecosystem_index_count (
                kind    INTEGER NOT NULL PRIMARY KEY,
                entries INTEGER NOT NULL
            );
            """);
        return new SqliteEcosystemIndex(connectionString, writer);
    }

    public Task UpsertAsync(IReadOnlyList<IndexEntry> entries) => WriteAsync(async transaction =>
    {
        foreach (var entry in entries)
        {
            await using var exists = Command(_writer, transaction, "SELECT 1 FROM ecosystem_index WHERE kind = $kind AND id = $id");
            exists.Parameters.AddWithValue("$kind", (int)entry.Kind);
            exists.Parameters.AddWithValue("$id", entry.Id);
            var isNew = await exists.ExecuteScalarAsync() is null;
            await using var upsert = Command(_writer, transaction, $"""
                INSERT INTO ecosystem_index ({Columns}) VALUES ($kind, $id, $name, $household, $detail, $room)
                ON CONFLICT (kind, id) DO UPDATE SET name = excluded.name, household_id = excluded.household_id, detail = excluded.detail, room = excluded.room
                """);
            upsert.Parameters.AddWithValue("$kind", (int)entry.Kind);
            upsert.Parameters.AddWithValue("$id", entry.Id);
            upsert.Parameters.AddWithValue("$name", entry.Name);
            upsert.Parameters.AddWithValue("$household", (object?)entry.HouseholdId ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$room", (object?)entry.Room ?? DBNull.Value);
            await upsert.ExecuteNonQueryAsync();
            if (isNew)
            {
                await CountAsync(transaction, entry.Kind, 1);
            }
        }
    });

    public Task RemoveAsync(IndexKind kind, string id) => WriteAsync(async transaction =>
    {
        await using var delete = Command(_writer, transaction, "DELETE FROM ecosystem_index WHERE kind = $kind AND id = $id");
        delete.Parameters.AddWithValue("$kind", (int)kind);
        delete.Parameters.AddWithValue("$id", id);
        if (await delete.ExecuteNonQueryAsync() > 0)
        {
            await CountAsync(transaction, kind, -1);
        }
    });

    public async Task<IndexEntry?> FindAsync(IndexKind kind, string id)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM ecosystem_index WHERE kind = $kind AND id = $id", ("$kind", (int)kind), ("$id", id));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IndexPage> ListAsync(IndexKind kind, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var page = await QueryAsync(
            $"SELECT {Columns} FROM ecosystem_index WHERE kind = $kind AND id > $after ORDER BY id LIMIT $limit",
            ("$kind", (int)kind), ("$after", after ?? ""), ("$limit", limit + 1));
        return page.Count > limit ? new IndexPage(page[..limit], page[limit - 1].Id) : new IndexPage(page, null);
    }

    public async Task<long> CountAsync(IndexKind kind)
    {
        await using var connection = await OpenAsync();
        await using var count = Command(connection, null, "SELECT entries FROM ecosystem_index_count WHERE kind = $kind");
        count.Parameters.AddWithValue("$kind", (int)kind);
        return (long)(await count.ExecuteScalarAsync() ?? 0L);
    }

    public async Task<IReadOnlyList<IndexEntry>> SearchAsync(string prefix, int limit)
    {
        var found = new List<IndexEntry>();
        foreach (var kind in Enum.GetValues<IndexKind>())
        {
            if (found.Count >= limit)
            {
                break;
            }

            // A range on the key, not LIKE: ids that start with the prefix sort from it to the prefix followed by the highest character.
            found.AddRange(await QueryAsync(
                $"SELECT {Columns} FROM ecosystem_index WHERE kind = $kind AND id >= $from AND id < $to ORDER BY id LIMIT $limit",
                ("$kind", (int)kind), ("$from", prefix), ("$to", prefix + char.MaxValue), ("$limit", limit - found.Count)));
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await _writing.WaitAsync();
        await _writer.DisposeAsync();
    }

    private async Task WriteAsync(Func<SqliteTransaction, Task> write)
    {
        await _writing.WaitAsync();
        try
        {
            await using var transaction = _writer.BeginTransaction();
            await write(transaction);
            await transaction.CommitAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task CountAsync(SqliteTransaction transaction, IndexKind kind, int change)
    {
        await using var count = Command(_writer, transaction, "INSERT INTO ecosystem_index_count (kind, entries) VALUES ($kind, $change) ON CONFLICT (kind) DO UPDATE SET entries = entries + $change");
        count.Parameters.AddWithValue("$kind", (int)kind);
        count.Parameters.AddWithValue("$change", change);
        await count.ExecuteNonQueryAsync();
    }

    private async Task<List<IndexEntry>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var query = Command(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            query.Parameters.AddWithValue(name, value);
        }

        var entries = new List<IndexEntry>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new IndexEntry(
                (IndexKind)reader.GetInt32(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return entries;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync();
    }
}
