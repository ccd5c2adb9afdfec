using AIoT.Storage.Relational;
using AIoT.Storage.Tests.Grains;
using AIoT.Storage.Tests.Support;
using Orleans.Storage;
using Orleans.TestingHost;

namespace AIoT.Storage.Tests;

/// <summary>
/// What every relational grain storage does, whichever database is under it: each provider's subclass gives the
/// running cluster and a way to make another provider instance on the same database, as a second silo would have.
/// </summary>
public abstract class GrainStorageContractTests
{
    private static readonly TimeSpan Bound = StorageClusters.Bound;

    protected abstract InProcessTestCluster Cluster { get; }

    /// <summary>A new, not yet started provider instance on the cluster's database.</summary>
    protected abstract RelationalGrainStorage NewStorage();

    [Fact]
    public async Task A_state_written_is_read_back_by_a_new_provider_instance()
    {
        var grain = Cluster.Counter(StorageClusterFixture.Key("read-back"));
        await grain.Set(5).WaitAsync(Bound);
        await grain.Increment().WaitAsync(Bound);

        await using var other = await StartedStorageAsync();
        var read = await ReadAsync(other, grain.GetGrainId());

        Assert.Equal((6, "2", true), (read.State!.Value, read.ETag, read.RecordExists));
    }

    [Fact]
    public async Task Before_the_first_write_there_is_no_record_and_no_etag()
    {
        var grain = Cluster.Counter(StorageClusterFixture.Key("fresh"));

        Assert.Equal(new StateSnapshot(0, null, false), await grain.Get().WaitAsync(Bound));
        var read = await ReadAsync(Cluster.Storage(), grain.GetGrainId());
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(new StateSnapshot(1, "1", true), await grain.Increment().WaitAsync(Bound));
    }

    [Fact]
    public async Task A_stale_write_from_a_second_writer_is_refused_and_the_stored_state_stays()
    {
        var grainId = GrainId.Create("counter", StorageClusterFixture.Key("second-writer"));
        var first = Cluster.Storage();
        await first.WriteStateAsync("state", grainId, new GrainState<CounterState>(new CounterState { Value = 1 })).WaitAsync(Bound);
        await using var second = await StartedStorageAsync();
        var heldByFirst = await ReadAsync(first, grainId);
        var heldBySecond = await ReadAsync(second, grainId);

        heldByFirst.State!.Value = 2;
        await first.WriteStateAsync("state", grainId, heldByFirst).WaitAsync(Bound);
        heldBySecond.State!.Value = 3;
        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => second.WriteStateAsync("state", grainId, heldBySecond).WaitAsync(Bound));
        var refusedClear = await Assert.ThrowsAsync<InconsistentStateException>(() => second.ClearStateAsync("state", grainId, heldBySecond).WaitAsync(Bound));

        Assert.Equal(("1", "2"), (refused.CurrentEtag, refused.StoredEtag));
        Assert.Contains(grainId.ToString(), refused.Message);
        Assert.Contains("held ETag 1 but the stored ETag is 2", refused.Message);
        Assert.Contains("re-read", refused.Message);
        Assert.Contains("clear was refused", refusedClear.Message);
        await using var third = await StartedStorageAsync();
        var stored = await ReadAsync(third, grainId);
        Assert.Equal((2, "2", true), (stored.State!.Value, stored.ETag, stored.RecordExists));
    }

    [Fact]
    public async Task Clear_deletes_the_state_for_every_reader()
    {
        var grain = Cluster.Counter(StorageClusterFixture.Key("clear"));
        await grain.Set(4).WaitAsync(Bound);

        Assert.Equal(new StateSnapshot(0, null, false), await grain.Clear().WaitAsync(Bound));
        await Cluster.DeactivateAsync(grain).WaitAsync(Bound);

        Assert.Equal(new StateSnapshot(0, null, false), await grain.Get().WaitAsync(Bound));
        await using var other = await StartedStorageAsync();
        var read = await ReadAsync(other, grain.GetGrainId());
        Assert.Equal((false, null), (read.RecordExists, read.ETag));
    }

    [Fact]
    public async Task Concurrent_writes_from_five_hundred_grains_all_land()
    {
        var prefix = StorageClusterFixture.Key("many");

        var written = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Cluster.Counter($"{prefix}-{i}").Set(i))).WaitAsync(Bound);

        Assert.All(written, snapshot => Assert.Equal("1", snapshot.ETag));
        await using var other = await StartedStorageAsync();
        for (var i = 0; i < 500; i += 50)
        {
            var read = await ReadAsync(other, GrainId.Create("counter", $"{prefix}-{i}"));
            Assert.Equal((i, "1"), (read.State!.Value, read.ETag));
        }
    }

    private async Task<RelationalGrainStorage> StartedStorageAsync()
    {
        var storage = NewStorage();
        try
        {
            await storage.StartAsync(CancellationToken.None).WaitAsync(Bound);
            return storage;
        }
        catch
        {
            await storage.DisposeAsync();
            throw;
        }
    }

    private static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("state", grainId, state).WaitAsync(Bound);
        return state;
    }
}

[Collection(StorageClusterCollection.Name)]
public sealed class SqliteGrainStorageContractTests(StorageClusterFixture fixture) : GrainStorageContractTests
{
    protected override InProcessTestCluster Cluster => fixture.Cluster;

    protected override RelationalGrainStorage NewStorage() => StandaloneStorages.Sqlite(fixture.DatabasePath);
}

[Collection(PostgresStorageCollection.Name)]
public sealed class PostgresGrainStorageContractTests(PostgresStorageFixture fixture) : GrainStorageContractTests
{
    protected override InProcessTestCluster Cluster => fixture.Cluster;

    protected override RelationalGrainStorage NewStorage() => StandaloneStorages.Postgres(fixture.ConnectionString);
}
