using AIoT.Ecosystem.Population;

namespace AIoT.Host.Demo;

/// <summary>The small population the host keeps alive by default: the first homes of the seed, at least one with an SU7.</summary>
internal static class DemoPopulation
{
    public static IReadOnlyList<HouseholdPlan> Plans(int seed, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var candidates = PopulationGenerator.Generate(seed, Math.Max(count, 100)).ToList();
        var withCar = candidates.First(h => h.Vehicles.Count > 0);
        return [withCar, .. candidates.Where(h => h != withCar).Take(count - 1)];
    }
}
