using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Tests.Support;

namespace AIoT.Ecosystem.Tests.Runtime;

[Collection(EcosystemCollection.Name)]
public sealed class TurnBasedExecutionTests(EcosystemCluster cluster)
{
    [Fact]
    public async Task Concurrent_calls_to_one_household_take_turns_and_none_is_lost()
    {
        var home = cluster.Grains.GetGrain<IHouseholdGrain>(TestKeys.Unique("hh"));
        await home.Create(new HouseholdSetup("Busy home", new GeoPoint(31.23, 121.47), ["living-room"]));
        var writes = cluster.WritesOf(home);
        var created = writes.Succeeded;
        var members = Enumerable.Range(0, 40).Select(i => TestKeys.Unique($"member{i}")).ToList();
        var devices = Enumerable.Range(0, 40).Select(i => TestKeys.Unique($"lamp{i}")).ToList();

        // AddMember awaits the person grain in the middle of its turn. Each call is a turn of its own and writes once;
        // calls let in there would have their writes in flight together, or merged into one.
        await Task.WhenAll(
            members.Select(id => Task.Run(() => home.AddMember(id, id)))
                .Concat(devices.Select(id => Task.Run(() => home.AddDevice(id, "yeelink.light.ceiling22", "living-room")))))
            .Within("80 concurrent calls");

        var snapshot = await home.GetSnapshot();
        Assert.Equal(members.Order(StringComparer.Ordinal), snapshot.Members.Order(StringComparer.Ordinal));
        Assert.Equal(devices.Order(StringComparer.Ordinal), snapshot.DevicesByRoom["living-room"]);
        Assert.Equal((created + members.Count + devices.Count, 1, 0), (writes.Succeeded, writes.MostInFlight, writes.Failed));
        var stored = await cluster.ReadStoredStateAsync<HouseholdState>(home);
        Assert.Equal(members.Order(StringComparer.Ordinal), stored.Members.Order(StringComparer.Ordinal));
        Assert.Equal(devices.Order(StringComparer.Ordinal), stored.Devices.Keys.Order(StringComparer.Ordinal));
    }
}
