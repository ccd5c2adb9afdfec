using Npgsql;

namespace AIoT.Storage.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL server for a test assembly's collection, and a fresh database for each test that asks.
/// Linked into the test projects whose PostgreSQL forms need no cluster (the host's device directory and index).
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    /// <summary>
    /// An empty database whose default collation is ICU's English, where "B" sorts before "a" only under byte order:
    /// a query that sorts ids without <c>COLLATE "C"</c> comes out in another order than the ordinal one asked for.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"{purpose}_{Guid.NewGuid():N}";
        await Server.ExecuteAsync("postgres", $"CREATE DATABASE \"{name}\" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
        return Server.ConnectionString(name);
    }

    public async Task<NpgsqlDataSource> CreateDataSourceAsync(string purpose) => NpgsqlDataSource.Create(await CreateDatabaseAsync(purpose));

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres server";
}
