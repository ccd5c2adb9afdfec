using System.Data.Common;
using AIoT.Storage.Relational;
using Npgsql;

namespace AIoT.Storage.Postgres;

/// <summary>
/// Opens connections to one PostgreSQL database through an <see cref="NpgsqlDataSource"/>, which it makes on the first
/// open and closes on dispose. The connection string is parsed then, not when constructed: the silo's options
/// validator reports a bad one with the storage's name before any open.
/// </summary>
public sealed class PostgresConnectionFactory : IGrainStateConnectionFactory, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly Lock _lock = new();
    private NpgsqlDataSource? _dataSource;
    private bool _disposed;

    public PostgresConnectionFactory(string connectionString)
    {
        _connectionString = connectionString;
        DataSourceDescription = Describe(connectionString);
    }

    /// <summary>Names the server and database, never the password.</summary>
    public string DataSourceDescription { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await DataSource().OpenConnectionAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        NpgsqlDataSource? dataSource;
        lock (_lock)
        {
            _disposed = true;
            dataSource = _dataSource;
            _dataSource = null;
        }

        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }

    private NpgsqlDataSource DataSource()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _dataSource ??= NpgsqlDataSource.Create(_connectionString);
        }
    }

    private static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL database (its connection string does not parse)";
        }
    }
}
