using AIoT.Storage.Hosting;
using AIoT.Storage.Options;
using AIoT.Storage.Relational;
using AIoT.Storage.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace AIoT.Storage.Tests.Support;

public static class StorageClusters
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Builds and starts a one-silo cluster whose storage "store" is the SQLite file at <paramref name="databasePath"/>.</summary>
    public static async Task<InProcessTestCluster> StartAsync(string databasePath, Action<SqliteGrainStorageOptions>? configure = null)
    {
        var cluster = Build(databasePath, configure);
        try
        {
            await cluster.DeployAsync().WaitAsync(Bound);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static InProcessTestCluster Build(string databasePath, Action<SqliteGrainStorageOptions>? configure = null) =>
        Build(silo => silo.AddSqliteGrainStorage(CounterGrain.StorageName, options =>
        {
            options.DatabasePath = databasePath;
            configure?.Invoke(options);
        }));

    /// <summary>Builds and starts a one-silo cluster whose storage "store" is the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    public static async Task<InProcessTestCluster> StartPostgresAsync(string connectionString, Action<PostgresGrainStorageOptions>? configure = null)
    {
        var cluster = Build(silo => silo.AddPostgresGrainStorage(CounterGrain.StorageName, options =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        }));
        try
        {
            await cluster.DeployAsync().WaitAsync(Bound);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static InProcessTestCluster Build(Action<ISiloBuilder> configureSilo)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => configureSilo(silo));
        return builder.Build();
    }

    public static IGrainStorage Storage(this InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(CounterGrain.StorageName);

    public static RelationalGrainStorage RelationalStorage(this InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider().GetRequiredKeyedService<RelationalGrainStorage>(CounterGrain.StorageName);

    public static ICounterGrain Counter(this InProcessTestCluster cluster, string key) =>
        cluster.Client.GetGrain<ICounterGrain>(key);
}
