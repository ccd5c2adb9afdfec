using AIoT.Ecosystem.Index;
using Microsoft.Data.Sqlite;
using static AIoT.Host.Registry.SqliteCommands;

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
        var connectionString = ConnectionString(databasePath);
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

    /// <summary>Two statements prepared once per batch and bound per row: a bulk registration indexes ten thousand devices in one call.</summary>
    public Task UpsertAsync(IReadOnlyList<IndexEntry> entries) => WriteAsync(async transaction =>
    {
        await using var insert = Command(_writer, transaction, $"INSERT INTO ecosystem_index ({Columns}) VALUES ($kind, $id, $name, $household, $detail, $room) ON CONFLICT (kind, id) DO NOTHING");
        await using var update = Command(_writer, transaction, "UPDATE ecosystem_index SET name = $name, household_id = $household, detail = $detail, room = $room WHERE kind = $kind AND id = $id");
        var (insertParameters, updateParameters) = (Bind(insert), Bind(update));
        insert.Prepare();
        update.Prepare();
        var added = new long[Enum.GetValues<IndexKind>().Length];
        foreach (var entry in entries)
        {
            Set(insertParameters, entry);
            if (insert.ExecuteNonQuery() == 1)
            {
                added[(int)entry.Kind]++;
                continue;
            }

            Set(updateParameters, entry);
            update.ExecuteNonQuery();
        }

        for (var kind = 0; kind < added.Length; kind++)
        {
            if (added[kind] > 0)
            {
                await CountAsync(transaction, (IndexKind)kind, added[kind]);
            }
        }
    });

    private static SqliteParameter[] Bind(SqliteCommand command) =>
        [command.Parameters.Add("$kind", SqliteType.Integer), .. new[] { "$id", "$name", "$household", "$detail", "$room" }.Select(name => command.Parameters.Add(name, SqliteType.Text))];

    private static void Set(SqliteParameter[] parameters, IndexEntry entry)
    {
        parameters[0].Value = (int)entry.Kind;
        parameters[1].Value = entry.Id;
        parameters[2].Value = entry.Name;
        parameters[3].Value = (object?)entry.HouseholdId ?? DBNull.Value;
        parameters[4].Value = (object?)entry.Detail ?? DBNull.Value;
        parameters[5].Value = (object?)entry.Room ?? DBNull.Value;
    }

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

    private async Task CountAsync(SqliteTransaction transaction, IndexKind kind, long change)
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
}
