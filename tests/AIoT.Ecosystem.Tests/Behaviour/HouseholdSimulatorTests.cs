using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Simulation.Behaviour;
using AIoT.Ecosystem.Simulation.Households;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Tests.Behaviour;

[Collection(EcosystemCollection.Name)]
public sealed class HouseholdSimulatorTests(EcosystemCluster cluster)
{
    private static readonly GeoPoint Home = new(30.2741, 120.1551);
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 7, 30, 0, TimeSpan.FromHours(8));
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Twins here outlive the test, so the one test that simulates through them prefixes every id.</summary>
    private static IReadOnlyList<SimulatedMember> Members(string prefix = "") =>
    [
        new($"{prefix}zhang-san", $"{prefix}su7-zhang", new CommutePlan(TimeSpan.FromHours(7.75), TimeSpan.FromHours(18), new Route([Home, Home.Offset(9, 30), Home.Offset(18, 45)]), 38), TimeSpan.FromHours(23), TimeSpan.FromHours(6.5)),
        new($"{prefix}li-si", null, new CommutePlan(TimeSpan.FromHours(8), TimeSpan.FromHours(17.5), new Route([Home, Home.Offset(4, 200)]), 20), TimeSpan.FromHours(22.5), TimeSpan.FromHours(6)),
    ];

    private static List<SimulationEffect> FirstHour(int seed)
    {
        var simulator = new HouseholdSimulator("hh-hz", Members(), seed);
        var effects = new List<SimulationEffect>();
        for (var t = MondayMorning; t < MondayMorning.AddHours(1); t += Minute)
        {
            effects.AddRange(simulator.Step(t, Minute));
        }

        return effects;
    }

    [Fact]
    public void The_same_seed_gives_the_same_first_simulated_hour_of_events()
    {
        var first = FirstHour(2026);
        Assert.NotEmpty(first);
        Assert.Equal(first, FirstHour(2026));
        Assert.NotEqual(first, FirstHour(2027));
        Assert.Contains(first, e => e is PersonMoved { PersonId: "zhang-san", To: PersonLocation.InVehicle });
        Assert.Contains(first, e => e is PersonMoved { PersonId: "li-si", To: PersonLocation.Away });
    }

    [Fact]
    public async Task Through_the_twins_the_car_loses_charge_driving_and_gains_it_charging_at_home()
    {
        // A fixed prefix, not a random one: the household id seeds the simulation, which must stay the same run to run.
        const string p = "sim-twins-";
        var grains = cluster.Grains;
        var household = grains.GetGrain<IHouseholdGrain>($"{p}hh-hz");
        await household.Create(new HouseholdSetup("Zhang", Home, ["living-room"]));
        await household.AddMember($"{p}zhang-san", "Zhang San");
        await household.AddMember($"{p}li-si", "Li Si");
        await household.AddVehicle($"{p}su7-zhang");
        var car = grains.GetGrain<IVehicleGrain>($"{p}su7-zhang");
        var zhang = grains.GetGrain<IPersonGrain>($"{p}zhang-san");

        var simulator = new HouseholdSimulator($"{p}hh-hz", Members(p), seed: 1, new Dictionary<string, double> { [$"{p}su7-zhang"] = 58 });
        var applier = new SimulationEffectApplier(grains);
        var socAtWork = 0.0;
        var subscriber = new GeofenceCounter(expected: 4);
        await car.Subscribe(grains.CreateObjectReference<IVehicleObserver>(subscriber));

        for (var t = MondayMorning; t < MondayMorning.AddHours(24); t += Minute)
        {
            await applier.ApplyAsync(simulator.Step(t, Minute));
            if (t.TimeOfDay == TimeSpan.FromHours(12))
            {
                var atWork = await car.GetSnapshot();
                socAtWork = atWork.StateOfChargePercent;
                Assert.Equal(Gear.Park, atWork.Gear);
                Assert.True(atWork.DistanceToHomeKm > 10);
                Assert.Equal(PersonLocation.Away, (await zhang.GetSnapshot()).Location);
            }
        }

        var nextMorning = await car.GetSnapshot();
        Assert.True(socAtWork < 58, $"driving to work used no charge ({socAtWork})");
        Assert.True(nextMorning.StateOfChargePercent > socAtWork, "charging at home did not raise the state of charge");
        Assert.True(nextMorning.DistanceToHomeKm < 0.01);
        Assert.Equal(PersonLocation.Home, (await zhang.GetSnapshot()).Location);
        Assert.Empty(nextMorning.Occupants);
        await subscriber.Reached.Within(() => $"leaving and arriving to cross both radii (4 geofence events; the observer saw {subscriber.Count})");
    }

    private sealed class GeofenceCounter(int expected) : IVehicleObserver
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public Task Reached => _reached.Task;

        public int Count => Volatile.Read(ref _count);

        public void OnGeofence(GeofenceEvent geofenceEvent)
        {
            if (Interlocked.Increment(ref _count) >= expected)
            {
                _reached.TrySetResult();
            }
        }

        public void OnVehicleChanged(VehicleSnapshot snapshot)
        {
        }
    }
}
