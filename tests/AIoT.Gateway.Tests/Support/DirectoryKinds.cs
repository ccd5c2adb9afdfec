using AIoT.Gateway.Provisioning;
using AIoT.Host.Registry;
using AIoT.Host.Registry.Postgres;
using AIoT.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AIoT.Gateway.Tests.Support;

/// <summary>
/// Opens a test's device directory of one kind: SQLite (the host's default), PostgreSQL (several silos) or in memory
/// (--in-memory). Opening again reopens the same file or database, as a restart does; everything opened is closed
/// and deleted at the end.
/// </summary>
public sealed class DirectoryKinds(PostgresServerFixture postgres) : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-directory-").FullName;
    private readonly List<IAsyncDisposable> _opened = [];
    private NpgsqlDataSource? _database;

    public static TheoryData<string> All => ["sqlite", "postgres", "memory"];

    /// <summary>The kinds that keep what they hold across a reopen.</summary>
    public static TheoryData<string> Lasting => ["sqlite", "postgres"];

    public async Task<IDeviceDirectory> OpenAsync(string kind, string node = "node-a")
    {
        switch (kind)
        {
            case "memory":
                return new MemoryDeviceDirectory();
            case "sqlite":
                return Opened(await SqliteDeviceDirectory.OpenAsync(Path.Combine(_folder, "devices.db"), Path.Combine(_folder, "grains.db")));
            case "postgres":
                return Opened(await PostgresDeviceDirectory.OpenAsync(await DatabaseAsync(), node));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of device directory: sqlite, postgres or memory.");
        }
    }

    /// <summary>This test's PostgreSQL database, created on first use.</summary>
    public async Task<NpgsqlDataSource> DatabaseAsync() => _database ??= await postgres.CreateDataSourceAsync("directory");

    public async ValueTask DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private T Opened<T>(T directory)
        where T : IAsyncDisposable
    {
        _opened.Add(directory);
        return directory;
    }
}
