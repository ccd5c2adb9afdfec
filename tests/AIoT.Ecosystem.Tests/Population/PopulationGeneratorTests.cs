using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Population;

namespace AIoT.Ecosystem.Tests.Population;

public sealed class PopulationGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_population_and_another_seed_a_different_one()
    {
        static string Fingerprint(int seed) => string.Join("\n", PopulationGenerator.Generate(seed, 50).Select(h =>
            $"{h.HouseholdId} {h.City} {h.Home} {string.Join(",", h.Rooms)} {string.Join(",", h.Members.Select(m => $"{m.Name}@{m.Work}/{m.LeaveHomeAt}"))} {string.Join(",", h.Devices.Select(d => $"{d.Model}:{d.Room}"))} {string.Join(",", h.Vehicles)}"));

        Assert.Equal(Fingerprint(7), Fingerprint(7));
        Assert.NotEqual(Fingerprint(7), Fingerprint(8));
        Assert.Equal(PopulationGenerator.GenerateOne(7, 31), PopulationGenerator.Generate(7, 1, firstIndex: 31).Single(), new PlanComparer());
    }

    [Fact]
    public void Every_household_respects_the_bounds_and_uses_catalog_models_in_its_own_rooms()
    {
        foreach (var home in PopulationGenerator.Generate(seed: 1, count: 2_000))
        {
            Assert.InRange(home.Members.Count, 1, 4);
            Assert.InRange(home.Vehicles.Count, 0, 2);
            Assert.Equal(home.Vehicles.Count, home.Devices.Count(d => d.Model == "xiaomi.evcharger.hc01"));
            Assert.Equal(home.Members.Count, home.Devices.Count(d => d.Model == "xiaomi.phone.p14"));
            Assert.Single(home.Devices, d => d.Model == "lumi.gateway.mgl03");
            Assert.All(home.Devices, d => Assert.NotNull(DeviceCatalog.Default.Find(d.Model)));
            Assert.All(home.Devices, d => Assert.Contains(d.Room, home.Rooms));
            Assert.Equal(home.Devices.Count, home.Devices.Select(d => d.DeviceId).Distinct().Count());
            Assert.All(home.Members.Where(m => m.DrivesVehicleId is not null), m => Assert.Contains(home.Vehicles, v => v.VehicleId == m.DrivesVehicleId));
        }
    }

    [Fact]
    public void The_device_mix_over_ten_thousand_homes_is_as_documented()
    {
        var homes = PopulationGenerator.Generate(seed: 42, count: 10_000).ToList();
        double Share(Func<HouseholdPlan, bool> has) => homes.Count(has) / (double)homes.Count;

        Assert.InRange(Share(h => h.Devices.Any(d => d.Model == "zhimi.airp.mb3")), 0.57, 0.63);
        Assert.InRange(Share(h => h.Devices.Any(d => d.Model == "lumi.lock.bacn01")), 0.82, 0.88);
        Assert.InRange(Share(h => h.Devices.Any(d => d.Model == "dreame.vacuum.p2008")), 0.42, 0.48);
        Assert.InRange(Share(h => h.Vehicles.Count == 0), 0.52, 0.58);
        Assert.InRange(Share(h => h.Members.Count == 2), 0.32, 0.38);
        Assert.InRange(homes.Average(h => h.Devices.Count), 15, 30);
    }

    [Fact]
    public void Households_stream_without_being_held()
    {
        var (firstHeldHalfway, devices) = Stream(count: 200_000);

        Assert.True(devices > 200_000 * 10);
        // Measured on one object, not the heap: other test classes allocate in this process at the same time.
        Assert.False(firstHeldHalfway, "the first household was still held while the rest were being generated");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (bool FirstHeldHalfway, long Devices) Stream(int count)
    {
        WeakReference? first = null;
        var firstHeldHalfway = false;
        var devices = 0L;
        var seen = 0;
        foreach (var home in PopulationGenerator.Generate(seed: 3, count))
        {
            first ??= new WeakReference(home);
            devices += home.Devices.Count;
            if (++seen == count / 2)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                firstHeldHalfway = first.IsAlive;
            }
        }

        return (firstHeldHalfway, devices);
    }

    private sealed class PlanComparer : IEqualityComparer<HouseholdPlan>
    {
        public bool Equals(HouseholdPlan? x, HouseholdPlan? y) =>
            x!.HouseholdId == y!.HouseholdId && x.Home == y.Home && x.Devices.SequenceEqual(y.Devices) && x.Members.SequenceEqual(y.Members) && x.Vehicles.SequenceEqual(y.Vehicles);

        public int GetHashCode(HouseholdPlan obj) => obj.HouseholdId.GetHashCode(StringComparison.Ordinal);
    }
}
