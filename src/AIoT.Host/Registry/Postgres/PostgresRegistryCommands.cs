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
    /// fail on a duplicate <c>pg_type</c> key.
    /// </summary>
    public static async Task CreateTablesAsync(NpgsqlDataSource dataSource, long lockKey, string createTables, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            take.Parameters.AddWithValue("key", lockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
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

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
