using System.Text;
using AIoT.Storage.Tests.Grains;
using AIoT.Storage.Tests.Support;

namespace AIoT.Storage.Tests;

[Collection(StorageClusterCollection.Name)]
public sealed class BulkInsertTests(StorageClusterFixture fixture)
{
    private static readonly TimeSpan Bound = StorageClusters.Bound;

    [Fact]
    public async Task The_bulk_insert_reports_the_ids_that_existed_and_inserts_the_rest()
    {
        var prefix = StorageClusterFixture.Key("bulk");
        var ids = Enumerable.Range(0, 2500).Select(i => GrainId.Create("counter", $"{prefix}-{i}")).ToArray();
        int[] existing = [3, 1200, 2499];
        foreach (var i in existing)
        {
            await fixture.Cluster.Counter($"{prefix}-{i}").Set(-1).WaitAsync(Bound);
        }

        var reported = await fixture.Cluster.RelationalStorage()
            .WriteNewAsync(ids.Select(id => (id, "state", new CounterState { Value = 10 })))
            .WaitAsync(Bound);

        Assert.Equal(existing.Select(i => ids[i]), reported);
        Assert.Equal(2500L, SqliteFile.Scalar<long>(
            fixture.DatabasePath, "SELECT count(*) FROM grain_state WHERE grain_id LIKE $prefix", ("$prefix", $"counter/{prefix}-%")));
        Assert.Equal("""{"value":-1}""", Encoding.UTF8.GetString(SqliteFile.Row(fixture.DatabasePath, ids[1200].ToString())!.Value.Payload));
        Assert.Equal(new StateSnapshot(10, "1", true), await fixture.Cluster.Counter($"{prefix}-7").Get().WaitAsync(Bound));
        Assert.Equal(new StateSnapshot(11, "2", true), await fixture.Cluster.Counter($"{prefix}-7").Increment().WaitAsync(Bound));
    }

    [Fact]
    public async Task An_id_given_twice_is_inserted_once_and_reported_the_second_time()
    {
        var id = GrainId.Create("counter", StorageClusterFixture.Key("bulk-twice"));

        var reported = await fixture.Cluster.RelationalStorage()
            .WriteNewAsync([(id, "state", new CounterState { Value = 1 }), (id, "state", new CounterState { Value = 2 })])
            .WaitAsync(Bound);

        Assert.Equal([id], reported);
        Assert.Equal("""{"value":1}""", Encoding.UTF8.GetString(SqliteFile.Row(fixture.DatabasePath, id.ToString())!.Value.Payload));
    }
}
