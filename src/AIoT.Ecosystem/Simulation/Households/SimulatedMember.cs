using AIoT.Ecosystem.Simulation.Behaviour;

namespace AIoT.Ecosystem.Simulation.Households;

/// <summary>A household member as the simulation sees them: their commute, and the car they take, if any.</summary>
public sealed record SimulatedMember(string PersonId, string? VehicleId, CommutePlan Commute, TimeSpan BedTime, TimeSpan WakeTime);
