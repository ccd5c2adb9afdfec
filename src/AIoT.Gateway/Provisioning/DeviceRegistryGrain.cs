using AIoT.Grains;

namespace AIoT.Gateway.Provisioning;

public sealed class DeviceRegistryState
{
    public Dictionary<string, ProvisionedDevice> Devices { get; set; } = new(StringComparer.Ordinal);
}

public sealed class DeviceRegistryGrain : Grain<DeviceRegistryState>, IDeviceRegistryGrain
{
    public Task Add(ProvisionedDevice device)
    {
        State.Devices[device.DeviceId] = device;
        return WriteStateAsync();
    }

    public async Task<bool> Remove(string deviceId)
    {
        if (!State.Devices.Remove(deviceId))
        {
            return false;
        }

        await WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<ProvisionedDevice>> List() =>
        Task.FromResult<IReadOnlyList<ProvisionedDevice>>([.. State.Devices.Values.OrderBy(d => d.DeviceId, StringComparer.Ordinal)]);

    public Task<ProvisionedDevice?> Find(string deviceId) => Task.FromResult(State.Devices.GetValueOrDefault(deviceId));
}
