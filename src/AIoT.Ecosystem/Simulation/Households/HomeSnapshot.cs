using AIoT.Ecosystem.People;

namespace AIoT.Ecosystem.Simulation.Households;

/// <summary>What the devices of a home can sense at one step: who is where, who just came or went, which car charges.</summary>
internal sealed record HomeSnapshot(
    DateTimeOffset Now,
    TimeSpan Step,
    IReadOnlyDictionary<string, PersonLocation> Locations,
    IReadOnlyDictionary<string, SleepState> Sleep,
    IReadOnlyList<string> Arrived,
    IReadOnlyList<string> Left,
    IReadOnlySet<string> ChargingVehicles)
{
    public bool AnyoneHome => Locations.Values.Any(l => l == PersonLocation.Home);

    public bool AnyoneAwakeAtHome => Locations.Any(l => l.Value == PersonLocation.Home && Sleep[l.Key] == SleepState.Awake);

    public bool EveryoneAsleep => AnyoneHome && !AnyoneAwakeAtHome;
}
