using AIoT.Ecosystem.Index;
using Npgsql;
using static AIoT.Host.Registry.Postgres.PostgresRegistryCommands;

namespace AIoT.Host.Registry.Postgres;

/// <summary>
/// The ecosystem index in a PostgreSQL database that several silos share: one row per twin, keyed by kind and id (the
/// id in byte order, <c>COLLATE "C"</c>, so pages follow ordinal id order), so a page and a prefix search are a B-tree
/// range; each kind's count is spread over a few counter rows written in the same statement as the entries.
/// Every call is one statement on a pooled connection of the data source; the data source stays the caller's.
/// </summary>
public sealed class PostgresEcosystemIndex : IEcosystemIndex, IAsyncDisposable
{
    /// <summary>The advisory lock key the table creation holds; the bytes spell "AIoTindx".</summary>
    public const long SchemaLockKey = 0x41496F54696E6478;

    private const string Columns = "kind, id, name, household_id, detail, room";

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS aiot_ecosystem_index (
            kind         smallint NOT NULL,
            id           text COLLATE "C" NOT NULL,
            name         text     NOT NULL,
            household_id text,
            detail       text,
            room         text,
            PRIMARY KEY (kind, id)
        );
        CREATE TABLE IF NOT EXISTS aiot_ecosystem_index_count (
            kind    smallint NOT NULL,
            slot    smallint NOT NULL,
            entries bigint   NOT NULL,
            PRIMARY KEY (kind, slot)
        );
        """;

    private static readonly TableColumns[] Tables =
    [
        new("aiot_ecosystem_index", new("kind", "smallint"), new("id", "text"), new("name", "text"), new("household_id", "text"),
            new("detail", "text"), new("room", "text")),
        new("aiot_ecosystem_index_count", new("kind", "smallint"), new("slot", "smallint"), new("entries", "bigint")),
    ];

    private const string AddToCount = """
        INSERT INTO aiot_ecosystem_index_count (kind, slot, entries) {0}
        ON CONFLICT (kind, slot) DO UPDATE SET entries = aiot_ecosystem_index_count.entries + excluded.entries
        """;

    /// <summary>Above every character a string can continue with: the end of a prefix's range in byte order.</summary>
    private static readonly string HighestCharacter = char.ConvertFromUtf32(0x10FFFF);

    private static readonly short[] Kinds = [.. Enum.GetValues<IndexKind>().Select(kind => (short)kind)];

    private readonly NpgsqlDataSource _dataSource;
    private bool _closed;

    private PostgresEcosystemIndex(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Opens the index on <paramref name="dataSource"/>'s database, creating its tables in the connection's current schema if they are missing (several silos may do so at once; a table of one of their names with other columns throws <see cref="AIoT.Storage.Relational.StorageSchemaException"/>, and nothing is changed).</summary>
    public static async Task<PostgresEcosystemIndex> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await CreateTablesAsync(dataSource, SchemaLockKey, "ecosystem index", Tables, CreateTables, cancellationToken);
        return new PostgresEcosystemIndex(dataSource);
    }

    /// <summary>
    /// One statement for the whole list: the rows go as one array per column into an <c>INSERT ... ON CONFLICT DO
    /// UPDATE</c>, and the rows it inserted rather than updated are added to their kind's count.
    /// </summary>
    public async Task UpsertAsync(IReadOnlyList<IndexEntry> entries)
    {
        CheckOpen();
        // One row per key, the last given (one statement may not update a row twice), in key order: upserts that
        // share keys lock them in the same order and cannot deadlock.
        var latest = new Dictionary<(IndexKind, string), IndexEntry>();
        foreach (var entry in entries)
        {
            latest[(entry.Kind, entry.Id)] = entry;
        }

        if (latest.Count == 0)
        {
            return;
        }

        var rows = latest.Values.OrderBy(e => e.Kind).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray();
        // xmax is 0 on a row version this statement inserted, and this transaction's id on one it updated.
        await using var upsert = Command(_dataSource, $"""
            WITH upserted AS (
                INSERT INTO aiot_ecosystem_index ({Columns})
                SELECT * FROM unnest(@kinds, @ids, @names, @households, @details, @rooms)
                ON CONFLICT (kind, id) DO UPDATE
                    SET name = excluded.name, household_id = excluded.household_id, detail = excluded.detail, room = excluded.room
                RETURNING kind, xmax = 0 AS inserted
            ), counted AS (
                {string.Format(AddToCount, "SELECT kind, @slot, count(*) FROM upserted WHERE inserted GROUP BY kind ORDER BY kind")}
            )
            SELECT count(*) FROM upserted
            """,
            ("slot", PickCounterSlot()));
        upsert.Parameters.Add(new NpgsqlParameter<short[]>("kinds", [.. rows.Select(e => (short)e.Kind)]));
        upsert.Parameters.Add(new NpgsqlParameter<string[]>("ids", [.. rows.Select(e => e.Id)]));
        upsert.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. rows.Select(e => e.Name)]));
        upsert.Parameters.Add(new NpgsqlParameter<string?[]>("households", [.. rows.Select(e => e.HouseholdId)]));
        upsert.Parameters.Add(new NpgsqlParameter<string?[]>("details", [.. rows.Select(e => e.Detail)]));
        upsert.Parameters.Add(new NpgsqlParameter<string?[]>("rooms", [.. rows.Select(e => e.Room)]));
        await upsert.ExecuteNonQueryAsync();
    }

    public async Task RemoveAsync(IndexKind kind, string id)
    {
        CheckOpen();
        await using var remove = Command(_dataSource, $"""
            WITH deleted AS (
                DELETE FROM aiot_ecosystem_index WHERE kind = @kind AND id = @id RETURNING kind
            )
            {string.Format(AddToCount, "SELECT kind, @slot, -1 FROM deleted")}
            """,
            ("kind", (short)kind), ("id", id), ("slot", PickCounterSlot()));
        await remove.ExecuteNonQueryAsync();
    }

    public async Task<IndexEntry?> FindAsync(IndexKind kind, string id)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM aiot_ecosystem_index WHERE kind = @kind AND id = @id", ("kind", (short)kind), ("id", id));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IndexPage> ListAsync(IndexKind kind, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var page = await QueryAsync(
            $"SELECT {Columns} FROM aiot_ecosystem_index WHERE kind = @kind AND id > @after ORDER BY id LIMIT @limit",
            ("kind", (short)kind), ("after", after ?? ""), ("limit", limit + 1));
        return page.Count > limit ? new IndexPage(page[..limit], page[limit - 1].Id) : new IndexPage(page, null);
    }

    /// <summary>The sum of the kind's counter rows: as cheap with ten million entries as with ten.</summary>
    public async Task<long> CountAsync(IndexKind kind)
    {
        CheckOpen();
        await using var count = Command(_dataSource, "SELECT COALESCE(sum(entries), 0)::bigint FROM aiot_ecosystem_index_count WHERE kind = @kind", ("kind", (short)kind));
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// A range on the key per kind, not LIKE (whose wildcards the text could hold): ids that start with the prefix
    /// sort from it up to the prefix followed by the highest character. One statement, one range scan per kind.
    /// </summary>
    public async Task<IReadOnlyList<IndexEntry>> SearchAsync(string prefix, int limit)
    {
        if (limit < 1)
        {
            return [];
        }

        await using var command = Command(_dataSource, $"""
            SELECT found.* FROM unnest(@kinds) AS kinds (kind) CROSS JOIN LATERAL (
                SELECT {Columns} FROM aiot_ecosystem_index e
                WHERE e.kind = kinds.kind AND e.id >= @from AND e.id < @to
                ORDER BY e.id LIMIT @limit
            ) AS found
            ORDER BY found.kind, found.id LIMIT @limit
            """,
            ("from", prefix), ("to", prefix + HighestCharacter), ("limit", limit));
        command.Parameters.Add(new NpgsqlParameter<short[]>("kinds", Kinds));
        return await ReadAsync(command);
    }

    /// <summary>Refuses calls from here on; the data source, and what is written, stay.</summary>
    public ValueTask DisposeAsync()
    {
        _closed = true;
        return ValueTask.CompletedTask;
    }

    private async Task<List<IndexEntry>> QueryAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var query = Command(_dataSource, sql, parameters);
        return await ReadAsync(query);
    }

    private async Task<List<IndexEntry>> ReadAsync(NpgsqlCommand query)
    {
        CheckOpen();
        var entries = new List<IndexEntry>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new IndexEntry(
                (IndexKind)reader.GetInt16(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetNullableString(3),
                reader.GetNullableString(4),
                reader.GetNullableString(5)));
        }

        return entries;
    }

    private void CheckOpen() => ObjectDisposedException.ThrowIf(_closed, this);
}
