using Orleans.TestingHost;

namespace AIoT.Storage.Tests.Support;

/// <summary>One cluster on one file for a whole collection: a cold start costs about two seconds. Tests use their own keys.</summary>
public sealed class StorageClusterFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string DatabasePath => _folder.DatabasePath;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await StorageClusters.StartAsync(DatabasePath);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>A grain key no other test uses.</summary>
    public static string Key(string test) => $"{test}-{Guid.NewGuid():N}";
}

[CollectionDefinition(Name)]
public sealed class StorageClusterCollection : ICollectionFixture<StorageClusterFixture>
{
    public const string Name = "storage cluster";
}
