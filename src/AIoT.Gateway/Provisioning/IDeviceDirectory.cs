using AIoT.Ecosystem.Devices;

namespace AIoT.Gateway.Provisioning;

/// <summary>
/// Every device registered for MQTT, with the hash of its secret: an indexed table, not a grain, so registering,
/// finding, listing a page and counting cost the same with ten devices or ten million.
/// </summary>
public interface IDeviceDirectory : IRegisteredDevices
{
    /// <summary>Adds the devices whose ids are free; returns the ids that were already registered (those are left as they were).</summary>
    Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<DirectoryEntry> entries);

    /// <summary>
    /// Marks a device as being removed: from here on it is not found, listed or counted, and its id stays taken until
    /// <see cref="RemoveAsync"/>, so a removal that fails halfway can be run again. Returns the entry, also when a
    /// removal had begun before; null when no such device is registered.
    /// </summary>
    Task<DirectoryEntry?> BeginRemovalAsync(string deviceId);

    /// <summary>Deletes the device's row, whether it is registered or being removed.</summary>
    Task<bool> RemoveAsync(string deviceId);

    /// <summary>A registered device; null also while it is being removed.</summary>
    Task<DirectoryEntry?> FindAsync(string deviceId);

    /// <summary>Up to <paramref name="limit"/> devices with ids after <paramref name="after"/> (from the first when null), in ordinal id order.</summary>
    Task<DevicePage> ListAsync(string? after, int limit);

    Task<long> CountAsync();

    /// <summary>
    /// Notes that the device is connected to this gateway (or left): after a stop or a crash, only the twins of devices
    /// noted as connected can still say online, so the gateway's start checks those and not the whole fleet.
    /// </summary>
    Task RecordConnectedAsync(string deviceId, bool connected);

    /// <summary>Up to <paramref name="limit"/> devices noted as connected, with ids after <paramref name="after"/>, in ordinal id order.</summary>
    Task<IReadOnlyList<string>> ListRecordedConnectedAsync(string? after, int limit);

    async Task<DeviceRegistration?> IRegisteredDevices.FindRegistrationAsync(string deviceId) =>
        await FindAsync(deviceId) is { Device: var d } ? new DeviceRegistration(d.Model, d.HouseholdId, d.Room, d.Name) : null;
}

/// <summary>A registered device and the salted hash of the secret it was issued at registration (null for devices registered before the directory, whose credentials grain holds it).</summary>
public sealed record DirectoryEntry(ProvisionedDevice Device, string? SecretHash);
