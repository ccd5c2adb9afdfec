using System.Diagnostics.Metrics;

namespace AIoT.Ecosystem.Diagnostics;

/// <summary>The domain's counters: what the simulation did and what the device grains handled.</summary>
public static class EcosystemTelemetry
{
    public const string Name = "AIoT.Ecosystem";

    private static readonly Meter Meter = new(Name);

    /// <summary>One per simulated minute stepped over all the simulated homes.</summary>
    public static readonly Counter<long> SimulationSteps = Meter.CreateCounter<long>("aiot.simulation.steps", "{step}", "Simulated minutes stepped over every simulated household");

    public static readonly Counter<long> SimulationEffects = Meter.CreateCounter<long>("aiot.simulation.effects", "{effect}", "Simulation effects applied to the twins (people moving, vehicles driving, devices reporting), tagged by kind");

    public static readonly Counter<long> SimulationFailures = Meter.CreateCounter<long>("aiot.simulation.failures", "{step}", "Household simulation steps whose effects could not all be applied");

    /// <summary>Reported properties, counted one by one, whether from a real device through the gateway or from the simulation.</summary>
    public static readonly Counter<long> PropertiesReported = Meter.CreateCounter<long>("aiot.devices.reports", "{property}", "Property values reported to device twins, tagged by result (ok or refused)");

    public static readonly Counter<long> Commands = Meter.CreateCounter<long>("aiot.devices.commands", "{command}", "Commands handled by device twins (property sets and actions from scenes, the API or Home Assistant), tagged by kind and result");

    public static readonly Counter<long> Events = Meter.CreateCounter<long>("aiot.devices.events", "{event}", "Device events raised on twins");

    internal static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
