using Microsoft.Data.Sqlite;

namespace AIoT.Host.Registry;

/// <summary>What the host's own SQLite files (the device directory, the ecosystem index) open and run alike.</summary>
internal static class SqliteCommands
{
    /// <summary>Pooled, created if missing; a writer busy with a batch makes a reader wait up to 30 s rather than fail.</summary>
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync();
    }
}
