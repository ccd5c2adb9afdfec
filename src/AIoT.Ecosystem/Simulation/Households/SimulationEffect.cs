using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Simulation.Households;

/// <summary>Something the simulation decided happened; applied to the twins, and recorded for reproducibility.</summary>
public abstract record SimulationEffect(DateTimeOffset At);

public sealed record PersonMoved(DateTimeOffset At, string PersonId, PersonLocation To, string? VehicleId) : SimulationEffect(At);

public sealed record PersonSlept(DateTimeOffset At, string PersonId, SleepState Sleep) : SimulationEffect(At);

public sealed record VehicleMoved(DateTimeOffset At, string VehicleId, VehicleTelemetry Telemetry) : SimulationEffect(At);

public sealed record VehicleChargingChanged(DateTimeOffset At, string VehicleId, bool Charging) : SimulationEffect(At);

public sealed record VehicleCharged(DateTimeOffset At, string VehicleId, TimeSpan Duration) : SimulationEffect(At);

public sealed record DeviceCameOnline(DateTimeOffset At, string DeviceId) : SimulationEffect(At);

public sealed record DeviceReported(DateTimeOffset At, string DeviceId, IReadOnlyList<PropertyWrite> Properties) : SimulationEffect(At)
{
    public bool Equals(DeviceReported? other) =>
        other is not null && At == other.At && DeviceId == other.DeviceId && Properties.SequenceEqual(other.Properties);

    public override int GetHashCode() => HashCode.Combine(At, DeviceId, Properties.Count);
}

public sealed record DeviceEventRaised(DateTimeOffset At, string DeviceId, string EventKey, IReadOnlyList<PropertyValue> Arguments) : SimulationEffect(At)
{
    public bool Equals(DeviceEventRaised? other) =>
        other is not null && At == other.At && DeviceId == other.DeviceId && EventKey == other.EventKey && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(At, DeviceId, EventKey);
}
