using System.Text;
using AIoT.Storage.Relational;
using AIoT.Storage.Tests.Grains;
using AIoT.Storage.Tests.Support;
using Orleans.Storage;

namespace AIoT.Storage.Tests;

[Collection(StorageClusterCollection.Name)]
public sealed class GrainStateTests(StorageClusterFixture fixture)
{
    private static readonly TimeSpan Bound = StorageClusters.Bound;

    [Fact]
    public async Task A_written_state_is_one_row_with_the_grain_id_type_and_time()
    {
        var key = StorageClusterFixture.Key("row");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var written = await fixture.Cluster.Counter(key).Set(7).WaitAsync(Bound);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal(new StateSnapshot(7, "1", true), written);
        var grainId = $"counter/{key}";
        Assert.Equal("counter", SqliteFile.Scalar<string>(fixture.DatabasePath, "SELECT grain_type FROM grain_state WHERE grain_id = $id", ("$id", grainId)));
        Assert.Equal("""{"value":7}""", Encoding.UTF8.GetString(SqliteFile.Row(fixture.DatabasePath, grainId)!.Value.Payload));
        var updatedAt = SqliteFile.Scalar<long>(fixture.DatabasePath, "SELECT updated_at FROM grain_state WHERE grain_id = $id", ("$id", grainId));
        Assert.InRange(updatedAt, before, after);
    }

    [Fact]
    public async Task A_reactivated_grain_reads_its_state_and_etag_back()
    {
        var grain = fixture.Cluster.Counter(StorageClusterFixture.Key("reread"));
        await grain.Set(3).WaitAsync(Bound);
        await grain.Increment().WaitAsync(Bound);

        await fixture.Cluster.DeactivateAsync(grain).WaitAsync(Bound);

        Assert.Equal(new StateSnapshot(4, "2", true), await grain.Get().WaitAsync(Bound));
    }

    [Fact]
    public async Task A_stale_etag_is_refused_and_the_stored_row_is_unchanged()
    {
        var storage = fixture.Cluster.Storage();
        var grainId = GrainId.Create("counter", StorageClusterFixture.Key("stale"));
        await storage.WriteStateAsync("state", grainId, new GrainState<CounterState>(new CounterState { Value = 1 })).WaitAsync(Bound);
        var first = await ReadAsync(storage, grainId);
        var second = await ReadAsync(storage, grainId);

        first.State!.Value = 2;
        await storage.WriteStateAsync("state", grainId, first).WaitAsync(Bound);
        second.State!.Value = 3;
        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grainId, second).WaitAsync(Bound));

        Assert.Equal("1", refused.CurrentEtag);
        Assert.Equal("2", refused.StoredEtag);
        Assert.Contains(grainId.ToString(), refused.Message);
        Assert.Contains("'state'", refused.Message);
        Assert.Contains("held ETag 1", refused.Message);
        Assert.Contains("stored ETag is 2", refused.Message);
        Assert.Contains("re-read", refused.Message);
        Assert.Equal("1", second.ETag);
        var stored = await ReadAsync(storage, grainId);
        Assert.Equal((2, "2"), (stored.State!.Value, stored.ETag));

        var refusedClear = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("state", grainId, second).WaitAsync(Bound));
        Assert.Contains("clear was refused", refusedClear.Message);
        Assert.Equal(2L, SqliteFile.Row(fixture.DatabasePath, grainId.ToString())!.Value.Version);
    }

    [Fact]
    public async Task A_write_without_etag_over_an_existing_row_is_refused()
    {
        var storage = fixture.Cluster.Storage();
        var grainId = GrainId.Create("counter", StorageClusterFixture.Key("insert-twice"));
        await storage.WriteStateAsync("state", grainId, new GrainState<CounterState>(new CounterState { Value = 1 })).WaitAsync(Bound);

        var refused = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("state", grainId, new GrainState<CounterState>(new CounterState { Value = 9 })).WaitAsync(Bound));

        Assert.Contains("no ETag", refused.Message);
        var stored = await ReadAsync(storage, grainId);
        Assert.Equal((1, "1"), (stored.State!.Value, stored.ETag));
    }

    [Fact]
    public async Task Stale_writes_committed_in_one_group_fail_only_their_own_callers()
    {
        var storage = fixture.Cluster.Storage();
        var prefix = StorageClusterFixture.Key("group");
        var ids = Enumerable.Range(0, 200).Select(i => GrainId.Create("counter", $"{prefix}-{i}")).ToArray();
        foreach (var id in ids)
        {
            await storage.WriteStateAsync("state", id, new GrainState<CounterState>(new CounterState { Value = 1 }));
        }

        // Even grains write with the ETag they hold, odd ones with one that was never issued to them.
        var writes = ids.Select((id, i) => storage.WriteStateAsync(
            "state", id, new GrainState<CounterState>(new CounterState { Value = 2 }, i % 2 == 0 ? "1" : "7"))).ToArray();
        await Task.WhenAll(writes).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Bound);

        for (var i = 0; i < ids.Length; i++)
        {
            if (i % 2 == 0)
            {
                Assert.True(writes[i].IsCompletedSuccessfully, $"write {i} failed: {writes[i].Exception}");
                Assert.Equal(2L, SqliteFile.Row(fixture.DatabasePath, ids[i].ToString())!.Value.Version);
            }
            else
            {
                Assert.IsType<InconsistentStateException>(writes[i].Exception!.InnerException);
                Assert.Equal(1L, SqliteFile.Row(fixture.DatabasePath, ids[i].ToString())!.Value.Version);
            }
        }
    }

    [Fact]
    public async Task A_write_the_database_rejects_fails_only_its_own_caller_in_its_group()
    {
        var storage = fixture.Cluster.Storage();
        var prefix = StorageClusterFixture.Key("poison");
        var poisoned = GrainId.Create("counter", $"{prefix}-13");
        SqliteFile.Execute(
            fixture.DatabasePath,
            $"CREATE TRIGGER \"reject-{prefix}\" BEFORE INSERT ON grain_state WHEN NEW.grain_id = '{poisoned}' BEGIN SELECT RAISE(ABORT, 'rejected by the test'); END;");
        var ids = Enumerable.Range(0, 50).Select(i => GrainId.Create("counter", $"{prefix}-{i}")).ToArray();

        var writes = ids.Select(id => storage.WriteStateAsync("state", id, new GrainState<CounterState>(new CounterState { Value = 1 }))).ToArray();
        await Task.WhenAll(writes).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Bound);

        Assert.Contains("rejected by the test", writes[13].Exception!.InnerException!.Message);
        Assert.All(writes.Where((_, i) => i != 13), write => Assert.True(write.IsCompletedSuccessfully));
        Assert.Equal(49L, SqliteFile.Scalar<long>(
            fixture.DatabasePath, "SELECT count(*) FROM grain_state WHERE grain_id LIKE $prefix", ("$prefix", $"counter/{prefix}-%")));
    }

    [Fact]
    public async Task Clear_then_read_finds_no_record()
    {
        var grain = fixture.Cluster.Counter(StorageClusterFixture.Key("clear"));
        await grain.Set(4).WaitAsync(Bound);

        Assert.Equal(new StateSnapshot(0, null, false), await grain.Clear().WaitAsync(Bound));
        await fixture.Cluster.DeactivateAsync(grain).WaitAsync(Bound);

        Assert.Equal(new StateSnapshot(0, null, false), await grain.Get().WaitAsync(Bound));
        Assert.Null(SqliteFile.Row(fixture.DatabasePath, grain.GetGrainId().ToString()));
        var read = await ReadAsync(fixture.Cluster.Storage(), grain.GetGrainId());
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(new StateSnapshot(1, "1", true), await grain.Increment().WaitAsync(Bound));
    }

    [Fact]
    public async Task Concurrent_writes_from_two_thousand_grains_all_land()
    {
        var prefix = StorageClusterFixture.Key("many");

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => fixture.Cluster.Counter($"{prefix}-{i}").Increment())).WaitAsync(Bound);

        Assert.Equal(2000L, SqliteFile.Scalar<long>(
            fixture.DatabasePath, "SELECT count(*) FROM grain_state WHERE grain_id LIKE $prefix AND version = 1", ("$prefix", $"counter/{prefix}-%")));
    }

    [Fact]
    public async Task A_payload_that_does_not_deserialize_fails_the_read_naming_the_grain_and_leaves_the_row()
    {
        var key = StorageClusterFixture.Key("corrupt");
        var grainId = $"counter/{key}";
        byte[] garbage = [0x7B, 0x22, 0x76, 0xFF, 0x00];
        SqliteFile.Execute(
            fixture.DatabasePath,
            "INSERT INTO grain_state VALUES ($id, 'state', 'counter', $payload, 5, 0)",
            ("$id", grainId),
            ("$payload", garbage));

        var fromGrain = await Assert.ThrowsAnyAsync<Exception>(() => fixture.Cluster.Counter(key).Get().WaitAsync(Bound));
        Assert.Contains(grainId, fromGrain.ToString());

        var direct = await Assert.ThrowsAsync<GrainStateUnreadableException>(
            () => fixture.Cluster.Storage().ReadStateAsync("state", GrainId.Parse(grainId), new GrainState<CounterState>()).WaitAsync(Bound));
        Assert.Contains(grainId, direct.Message);
        Assert.Contains("'state'", direct.Message);
        Assert.Contains(typeof(CounterState).FullName!, direct.Message);
        var row = SqliteFile.Row(fixture.DatabasePath, grainId)!.Value;
        Assert.Equal(garbage, row.Payload);
        Assert.Equal(5L, row.Version);
    }

    private static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("state", grainId, state).WaitAsync(Bound);
        return state;
    }
}
