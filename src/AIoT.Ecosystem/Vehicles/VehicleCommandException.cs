namespace AIoT.Ecosystem.Vehicles;

/// <summary>A command the vehicle cannot carry out in its current state; the message says why.</summary>
[GenerateSerializer]
public sealed class VehicleCommandException(string message) : InvalidOperationException(message);
