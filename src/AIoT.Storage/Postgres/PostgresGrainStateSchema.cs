using System.Data.Common;
using AIoT.Storage.Relational;

namespace AIoT.Storage.Postgres;

/// <summary>
/// The table <c>aiot_grain_state</c> in the connection's current schema. Several silos may start at once on an empty
/// database: each checks and creates the table in a transaction that first takes a transaction-level advisory lock,
/// so one creates it and the others find it; a bare <c>CREATE TABLE IF NOT EXISTS</c> can fail when two run together.
/// A table of that name with other columns is refused without a change.
/// </summary>
internal static class PostgresGrainStateSchema
{
    public const string TableName = "aiot_grain_state";

    /// <summary>The advisory lock key the schema check holds; the bytes spell "AIoTgrst".</summary>
    public const long SchemaLockKey = 0x41496F5467727374;

    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS aiot_grain_state (
            grain_id   text   NOT NULL,
            state_name text   NOT NULL,
            grain_type text   NOT NULL,
            payload    bytea  NOT NULL,
            version    bigint NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (grain_id, state_name)
        )
        """;

    private const string Remedy =
        "Nothing in the database was changed. Use another database (or schema, through the connection string's Search Path) for grain state, "
        + "or rename that table if it is not needed.";

    private static readonly Column[] Expected =
    [
        new("grain_id", "text"),
        new("state_name", "text"),
        new("grain_type", "text"),
        new("payload", "bytea"),
        new("version", "bigint"),
        new("updated_at", "bigint"),
    ];

    public static async Task<SchemaOutcome> EnsureAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken);
        var columns = await ReadColumnsAsync(connection, transaction, cancellationToken);
        SchemaOutcome outcome;
        if (columns.Count == 0)
        {
            await ExecuteAsync(connection, transaction, CreateTable, cancellationToken);
            outcome = SchemaOutcome.Created;
        }
        else if (!columns.SequenceEqual(Expected))
        {
            throw new StorageSchemaException(
                $"its table {TableName} has the columns ({Describe(columns)}), not the ones grain state is stored in ({Describe(Expected)}), "
                + $"so it belongs to another program. {Remedy}");
        }
        else
        {
            outcome = SchemaOutcome.Current;
        }

        // Committing releases the advisory lock.
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private static async Task<List<Column>> ReadColumnsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // current_schema() is the first schema of the search path that exists: where CREATE TABLE puts the table.
        command.CommandText = $"""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = '{TableName}'
            ORDER BY ordinal_position
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<Column>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(new Column(reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Describe(IEnumerable<Column> columns) => string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"));

    private readonly record struct Column(string Name, string Type);
}
