using AIoT.Storage.Relational;
using Npgsql;

namespace AIoT.Storage.Postgres.Membership;

/// <summary>
/// The tables <c>aiot_membership_version</c> (one row per cluster id: the table version) and <c>aiot_membership_silo</c>
/// (one row per silo per cluster id) in the connection's current schema. As for grain state, silos starting at once check
/// and create them in a transaction that first takes a transaction-level advisory lock; tables of those names with other
/// columns are refused without a change.
/// </summary>
internal static class PostgresMembershipSchema
{
    public const string VersionTable = "aiot_membership_version";
    public const string SiloTable = "aiot_membership_silo";

    /// <summary>The advisory lock key the schema check holds; the bytes spell "AIoTmbrs".</summary>
    public const long SchemaLockKey = 0x41496F546D627273;

    public const string CreateTables = """
        CREATE TABLE IF NOT EXISTS aiot_membership_version (
            cluster_id text        NOT NULL PRIMARY KEY,
            version    integer     NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS aiot_membership_silo (
            cluster_id      text        NOT NULL,
            silo_address    text        NOT NULL,
            status          integer     NOT NULL,
            proxy_port      integer     NOT NULL,
            host_name       text        NOT NULL,
            silo_name       text        NOT NULL,
            role_name       text        NOT NULL,
            update_zone     integer     NOT NULL,
            fault_zone      integer     NOT NULL,
            start_time      timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            suspect_times   text        NOT NULL,
            etag            integer     NOT NULL,
            PRIMARY KEY (cluster_id, silo_address)
        )
        """;

    private const string Remedy =
        "Nothing in the database was changed. Use another database (or schema, through the connection string's Search Path) for cluster membership, "
        + "or rename that table if it is not needed.";

    private static readonly Column[] ExpectedVersion =
    [
        new("cluster_id", "text"),
        new("version", "integer"),
        new("updated_at", "timestamp with time zone"),
    ];

    private static readonly Column[] ExpectedSilo =
    [
        new("cluster_id", "text"),
        new("silo_address", "text"),
        new("status", "integer"),
        new("proxy_port", "integer"),
        new("host_name", "text"),
        new("silo_name", "text"),
        new("role_name", "text"),
        new("update_zone", "integer"),
        new("fault_zone", "integer"),
        new("start_time", "timestamp with time zone"),
        new("i_am_alive_time", "timestamp with time zone"),
        new("suspect_times", "text"),
        new("etag", "integer"),
    ];

    public static async Task<SchemaOutcome> EnsureAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken);
        var version = await ReadColumnsAsync(connection, transaction, VersionTable, cancellationToken);
        var silo = await ReadColumnsAsync(connection, transaction, SiloTable, cancellationToken);
        Check(VersionTable, version, ExpectedVersion);
        Check(SiloTable, silo, ExpectedSilo);
        var outcome = SchemaOutcome.Current;
        if (version.Count == 0 || silo.Count == 0)
        {
            await ExecuteAsync(connection, transaction, CreateTables, cancellationToken);
            outcome = SchemaOutcome.Created;
        }

        // Committing releases the advisory lock.
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private static void Check(string table, List<Column> found, Column[] expected)
    {
        if (found.Count != 0 && !found.SequenceEqual(expected))
        {
            throw new StorageSchemaException(
                $"its table {table} has the columns ({Describe(found)}), not the ones cluster membership is kept in ({Describe(expected)}), "
                + $"so it belongs to another program. {Remedy}");
        }
    }

    private static async Task<List<Column>> ReadColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        // current_schema() is the first schema of the search path that exists: where CREATE TABLE puts the table.
        await using var command = new NpgsqlCommand("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table
            ORDER BY ordinal_position
            """, connection, transaction);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<Column>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(new Column(reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Describe(IEnumerable<Column> columns) => string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"));

    private readonly record struct Column(string Name, string Type);
}
