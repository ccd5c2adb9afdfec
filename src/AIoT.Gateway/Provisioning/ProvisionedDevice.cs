namespace AIoT.Gateway.Provisioning;

/// <summary>A device registered to connect over MQTT.</summary>
[GenerateSerializer, Immutable]
public sealed record ProvisionedDevice(string DeviceId, string Model, string? HouseholdId, string Room, string Name, DateTimeOffset RegisteredAt);
