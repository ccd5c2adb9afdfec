using AIoT.Storage.Relational;
using Npgsql;

namespace AIoT.Host.Registry.Postgres;

/// <summary>What the device directory and the ecosystem index do alike on a PostgreSQL database shared by several silos.</summary>
internal static class PostgresRegistryCommands
{
    /// <summary>
    /// How many rows a count is spread over. One row would be locked by every write from its update to its commit, so
    /// concurrent registrations on every silo would wait for each other's commits; a write adds to one of these at
    /// random and a count sums them, which still reads a handful of rows however many entries there are.
    /// </summary>
    public const int CounterSlots = 16;

    /// <summary>The counter row a write adds to.</summary>
    public static short PickCounterSlot() => (short)Random.Shared.Next(CounterSlots);

    /// <summary>
    /// Runs <paramref name="createTables"/> (statements that must be <c>IF NOT EXISTS</c>) in a transaction that first
    /// takes the advisory lock <paramref name="lockKey"/>: several silos starting at once on an empty database then
    /// create the tables one after the other, where bare <c>CREATE TABLE IF NOT EXISTS</c> run at the same moment can
    /// fail on a duplicate <c>pg_type</c> key. A table of one of the names with other columns is refused, and nothing
    /// is changed.
    /// </summary>
    /// <param name="what">What keeps its rows in the tables, for the message refusing a foreign table.</param>
    public static async Task CreateTablesAsync(
        NpgsqlDataSource dataSource, long lockKey, string what, IReadOnlyList<TableColumns> expected, string createTables, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            take.Parameters.AddWithValue("key", lockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        var found = await ReadColumnsAsync(connection, transaction, [.. expected.Select(t => t.Table)], cancellationToken);
        foreach (var table in expected)
        {
            if (found.TryGetValue(table.Table, out var columns) && !columns.SequenceEqual(table.Columns))
            {
                throw new StorageSchemaException(
                    $"The {what} cannot use the PostgreSQL database '{connection.Database}': its table {table.Table} has the columns ({Describe(columns)}), "
                    + $"not the ones the {what} keeps ({Describe(table.Columns)}), so it belongs to another program. Nothing in the database was changed. "
                    + $"Use another database (or schema, through the connection string's Search Path), or rename that table if it is not needed.");
            }
        }

        await using (var create = new NpgsqlCommand(createTables, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        // Committing releases the advisory lock.
        await transaction.CommitAsync(cancellationToken);
    }

    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>The columns of the tables found in the connection's current schema (the first of the search path that exists, where CREATE TABLE puts them).</summary>
    private static async Task<Dictionary<string, List<Column>>> ReadColumnsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] tables, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ANY(@tables)
            ORDER BY table_name, ordinal_position
            """, connection, transaction);
        read.Parameters.AddWithValue("tables", tables);
        var found = new Dictionary<string, List<Column>>(StringComparer.Ordinal);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = reader.GetString(0);
            if (!found.TryGetValue(table, out var columns))
            {
                found[table] = columns = [];
            }

            columns.Add(new Column(reader.GetString(1), reader.GetString(2)));
        }

        return found;
    }

    private static string Describe(IEnumerable<Column> columns) => string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"));

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

/// <summary>A column as information_schema names its type.</summary>
internal readonly record struct Column(string Name, string Type);

/// <summary>The columns a table of ours has, in order: a table of its name with others is not ours.</summary>
internal sealed record TableColumns(string Table, params Column[] Columns);
