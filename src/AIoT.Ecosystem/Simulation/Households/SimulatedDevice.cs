namespace AIoT.Ecosystem.Simulation.Households;

/// <summary>A device as the simulation sees it; the owner matters for phones and bands.</summary>
public sealed record SimulatedDevice(string DeviceId, string Model, string Room, string? OwnerPersonId);
