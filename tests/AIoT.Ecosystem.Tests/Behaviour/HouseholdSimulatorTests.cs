using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Simulation.Behaviour;
using AIoT.Ecosystem.Simulation.Households;
using AIoT.Ecosystem.Tests.Twins;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Tests.Behaviour;

public sealed class HouseholdSimulatorTests
{
    private static readonly GeoPoint Home = new(30.2741, 120.1551);
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 7, 30, 0, TimeSpan.FromHours(8));
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static IReadOnlyList<SimulatedMember> Members() =>
    [
        new("zhang-san", "su7-zhang", new CommutePlan(TimeSpan.FromHours(7.75), TimeSpan.FromHours(18), new Route([Home, Home.Offset(9, 30), Home.Offset(18, 45)]), 38), TimeSpan.FromHours(23), TimeSpan.FromHours(6.5)),
        new("li-si", null, new CommutePlan(TimeSpan.FromHours(8), TimeSpan.FromHours(17.5), new Route([Home, Home.Offset(4, 200)]), 20), TimeSpan.FromHours(22.5), TimeSpan.FromHours(6)),
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
        await using var silo = await EcosystemSilo.StartAsync();
        var household = silo.GrainFactory.GetGrain<IHouseholdGrain>("hh-hz");
        await household.Create(new HouseholdSetup("Zhang", Home, ["living-room"]));
        await household.AddMember("zhang-san", "Zhang San");
        await household.AddMember("li-si", "Li Si");
        await household.AddVehicle("su7-zhang");
        var car = silo.GrainFactory.GetGrain<IVehicleGrain>("su7-zhang");

        var simulator = new HouseholdSimulator("hh-hz", Members(), seed: 1, new Dictionary<string, double> { ["su7-zhang"] = 58 });
        var applier = new SimulationEffectApplier(silo.GrainFactory);
        var socAtWork = 0.0;
        var geofence = 0;
        var subscriber = new GeofenceCounter(() => Interlocked.Increment(ref geofence));
        await car.Subscribe(silo.GrainFactory.CreateObjectReference<IVehicleObserver>(subscriber));

        for (var t = MondayMorning; t < MondayMorning.AddHours(24); t += Minute)
        {
            await applier.ApplyAsync(simulator.Step(t, Minute));
            if (t.TimeOfDay == TimeSpan.FromHours(12))
            {
                var atWork = await car.GetSnapshot();
                socAtWork = atWork.StateOfChargePercent;
                Assert.Equal(Gear.Park, atWork.Gear);
                Assert.True(atWork.DistanceToHomeKm > 10);
                Assert.Equal(PersonLocation.Away, (await silo.GrainFactory.GetGrain<IPersonGrain>("zhang-san").GetSnapshot()).Location);
            }
        }

        var nextMorning = await car.GetSnapshot();
        Assert.True(socAtWork < 58, $"driving to work used no charge ({socAtWork})");
        Assert.True(nextMorning.StateOfChargePercent > socAtWork, "charging at home did not raise the state of charge");
        Assert.True(nextMorning.DistanceToHomeKm < 0.01);
        Assert.Equal(PersonLocation.Home, (await silo.GrainFactory.GetGrain<IPersonGrain>("zhang-san").GetSnapshot()).Location);
        Assert.Empty(nextMorning.Occupants);
        for (var deadline = Environment.TickCount64 + 15_000; Environment.TickCount64 < deadline && Volatile.Read(ref geofence) < 4;)
        {
            await Task.Delay(10);
        }

        Assert.True(Volatile.Read(ref geofence) >= 4, $"leaving and arriving should cross both radii; the observer saw {geofence}");
    }

    private sealed class GeofenceCounter(Action onGeofence) : IVehicleObserver
    {
        public void OnGeofence(GeofenceEvent geofenceEvent) => onGeofence();

        public void OnVehicleChanged(VehicleSnapshot snapshot)
        {
        }
    }
}
