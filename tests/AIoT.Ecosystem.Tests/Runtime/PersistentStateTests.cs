using AIoT.Ecosystem.Tests.Support;

namespace AIoT.Ecosystem.Tests.Runtime;

[Collection(EcosystemCollection.Name)]
public sealed class PersistentStateTests(EcosystemCluster cluster)
{
    [Fact]
    public Task A_device_twin_write_with_a_stale_etag_is_refused_and_the_stored_twin_is_kept() =>
        StaleETags.AreRefusedAsync(cluster, TestKeys.Unique("lamp"));
}
