namespace AIoT.Host.Tests.Cluster;

/// <summary>Three silo processes on one PostgreSQL, shared by the tests of a class that only read and add.</summary>
public sealed class ThreeSiloCluster : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    internal PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    public async Task InitializeAsync() => _cluster = await PostgresCluster.StartAsync(3);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
