using AIoT.Grains;

namespace AIoT.Gateway.Provisioning;

/// <summary>A device registered to connect over MQTT.</summary>
public sealed record ProvisionedDevice(string DeviceId, string Model, string? HouseholdId, string Room, string Name, DateTimeOffset RegisteredAt);

/// <summary>The list of provisioned devices, for `aiot devices list` and the HTTP API. One per installation, key <see cref="Key"/>.</summary>
public interface IDeviceRegistryGrain : IGrainWithStringKey
{
    public const string Key = "devices";

    Task Add(ProvisionedDevice device);

    Task<bool> Remove(string deviceId);

    [ReadOnly]
    Task<IReadOnlyList<ProvisionedDevice>> List();

    [ReadOnly]
    Task<ProvisionedDevice?> Find(string deviceId);
}
