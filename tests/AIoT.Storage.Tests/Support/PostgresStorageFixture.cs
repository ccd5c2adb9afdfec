using Orleans.TestingHost;

namespace AIoT.Storage.Tests.Support;

/// <summary>One PostgreSQL server and one cluster on its database "grains" for a whole collection; tests use their own keys or databases.</summary>
public sealed class PostgresStorageFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.StartAsync();
        ConnectionString = await Server.CreateDatabaseAsync("grains");
        Cluster = await StorageClusters.StartPostgresAsync(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresStorageCollection : ICollectionFixture<PostgresStorageFixture>
{
    public const string Name = "postgres storage";
}
