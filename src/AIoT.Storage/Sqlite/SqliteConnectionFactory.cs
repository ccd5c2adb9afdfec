using System.Data.Common;
using AIoT.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace AIoT.Storage.Sqlite;

/// <summary>Opens connections to one SQLite file, creating its folder and the file when missing.</summary>
public sealed class SqliteConnectionFactory : IGrainStateConnectionFactory
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;

    public SqliteConnectionFactory(string databasePath, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _busyTimeoutMilliseconds = (int)Math.Clamp(busyTimeout.TotalMilliseconds, 0, int.MaxValue);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // The storage keeps its few connections open for its lifetime; without the pool, stopping it really
            // closes the file, so another process or a restarted silo can take it over.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(Math.Clamp(busyTimeout.TotalSeconds, 1, int.MaxValue)),
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    public string DataSourceDescription => $"SQLite file {DatabasePath}";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // synchronous is per connection; NORMAL in WAL mode loses no committed transaction on a process crash,
            // only (on power loss) the last ones before a checkpoint, and saves an fsync per commit.
            command.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
