using AIoT.Ecosystem.Index;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Hosting;
using AIoT.Host.Registry.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AIoT.Host.Registry;

/// <summary>
/// The device directory and the ecosystem index the host runs with: in memory (--in-memory), SQLite files in the data
/// folder, or the cluster's PostgreSQL database (--cluster), which every silo shares.
/// </summary>
internal sealed class HostRegistries : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _database;

    private HostRegistries(IDeviceDirectory directory, IEcosystemIndex index, NpgsqlDataSource? database)
    {
        Directory = directory;
        Index = index;
        _database = database;
    }

    public IDeviceDirectory Directory { get; }

    public IEcosystemIndex Index { get; }

    public static async Task<HostRegistries> OpenAsync(HostSettings settings)
    {
        if (settings.InMemory)
        {
            return new HostRegistries(new MemoryDeviceDirectory(), new MemoryEcosystemIndex(), null);
        }

        return settings.Clustered ? await OpenClusterAsync(settings) : new HostRegistries(await OpenDirectoryAsync(settings), await OpenIndexAsync(settings), null);
    }

    private static async Task<HostRegistries> OpenClusterAsync(HostSettings settings)
    {
        var database = NpgsqlDataSource.Create(settings.ClusterConnectionString);
        try
        {
            var directory = await PostgresDeviceDirectory.OpenAsync(database, settings.ClusterNode);
            var index = await PostgresEcosystemIndex.OpenAsync(database);
            return new HostRegistries(directory, index, database);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            await database.DisposeAsync();
            var target = new NpgsqlConnectionStringBuilder(settings.ClusterConnectionString);
            throw new HostStartException($"--cluster: the database {target.Database} on {target.Host}:{target.Port} cannot be used: {ex.Message}. Check that PostgreSQL runs there, the database exists and the user may create tables in it.", ex);
        }
    }

    private static async Task<IDeviceDirectory> OpenDirectoryAsync(HostSettings settings)
    {
        try
        {
            return await SqliteDeviceDirectory.OpenAsync(settings.DirectoryDatabasePath, settings.GrainDatabasePath);
        }
        catch (Exception ex) when (ex is SqliteException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new HostStartException($"--data: the device directory in {settings.DirectoryDatabasePath} cannot be opened: {ex.Message}", ex);
        }
    }

    private static async Task<IEcosystemIndex> OpenIndexAsync(HostSettings settings)
    {
        try
        {
            return await SqliteEcosystemIndex.OpenAsync(settings.IndexDatabasePath);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new HostStartException($"--data: the ecosystem index in {settings.IndexDatabasePath} cannot be opened: {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory is IAsyncDisposable directory)
        {
            await directory.DisposeAsync();
        }

        if (Index is IAsyncDisposable index)
        {
            await index.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
