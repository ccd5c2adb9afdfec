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
