namespace AIoT.Ecosystem.Devices;

/// <summary>
/// Where device grains find registrations made in bulk, without a grain per device: a twin with no stored state asks
/// here once, on activation, and starts from the registration it finds. Optional: without one, only
/// <see cref="IDeviceGrain.Provision"/> registers a device.
/// </summary>
public interface IRegisteredDevices
{
    Task<DeviceRegistration?> FindRegistrationAsync(string deviceId);
}
