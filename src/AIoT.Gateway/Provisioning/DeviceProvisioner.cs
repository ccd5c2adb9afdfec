using System.Security.Cryptography;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Grains;

namespace AIoT.Gateway.Provisioning;

public sealed record DeviceProvisionRequest(string Model, string? HouseholdId = null, string? Room = null, string? Name = null, string? DeviceId = null);

/// <summary>A registered device and the secret it connects with; the secret is shown once and only its hash is stored.</summary>
public sealed record DeviceProvisionResult(ProvisionedDevice Device, string Secret, bool HouseholdCreated);

/// <summary>Registers devices for MQTT: the twin, its place in a household, its credentials and the registry entry.</summary>
public sealed class DeviceProvisioner(IGrainFactory grains, DeviceCatalog catalog, TimeProvider? time = null)
{
    /// <summary>Where a household created on the fly is placed until someone moves it: Xiaomi's campus in Beijing.</summary>
    public static readonly GeoPoint DefaultHome = GeoPoint.Create(40.0493, 116.3054);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Raised with the device id when its secret is renewed or revoked: a session opened with the old one must end.</summary>
    public event Action<string>? CredentialsChanged;

    /// <summary>Raised after a device was removed, so what was published about it can be taken back.</summary>
    public event Action<ProvisionedDevice>? Removed;

    private IDeviceRegistryGrain Registry => grains.GetGrain<IDeviceRegistryGrain>(IDeviceRegistryGrain.Key);

    public async Task<DeviceProvisionResult> AddAsync(DeviceProvisionRequest request)
    {
        var spec = catalog.Find(request.Model) ?? catalog.FindByType(request.Model)
            ?? throw new ProvisioningException(ProvisioningError.Invalid, $"model: '{request.Model}' is not in the device catalog; `aiot catalog list` shows the models and types.");
        var deviceId = request.DeviceId ?? NewDeviceId();
        if (DeviceIds.Check(deviceId) is { } problem)
        {
            throw new ProvisioningException(ProvisioningError.Invalid, $"id: {problem}");
        }

        if (await Registry.Find(deviceId) is not null)
        {
            throw new ProvisioningException(ProvisioningError.Conflict, $"id: device '{deviceId}' is already registered; remove it first, or issue it a new secret.");
        }

        var room = request.Room?.Trim() ?? "";
        var name = string.IsNullOrWhiteSpace(request.Name) ? spec.Name : request.Name.Trim();
        var householdCreated = false;
        if (!string.IsNullOrWhiteSpace(request.HouseholdId))
        {
            householdCreated = await EnsureRoomAsync(request.HouseholdId, room.Length > 0 ? room : "living room");
            room = room.Length > 0 ? room : "living room";
        }

        var device = grains.GetGrain<IDeviceGrain>(deviceId);
        try
        {
            await device.Provision(new DeviceRegistration(spec.Model, request.HouseholdId, room, name));
        }
        catch (DeviceException ex)
        {
            throw new ProvisioningException(ProvisioningError.Conflict, $"id: {ex.Message}");
        }

        if (request.HouseholdId is { Length: > 0 } householdId)
        {
            await grains.GetGrain<IHouseholdGrain>(householdId).AddDevice(deviceId, spec.Model, room);
        }

        var secret = await grains.GetGrain<IDeviceCredentialsGrain>(deviceId).Issue();
        var entry = new ProvisionedDevice(deviceId, spec.Model, request.HouseholdId, room, name, _time.GetUtcNow());
        await Registry.Add(entry);
        return new DeviceProvisionResult(entry, secret, householdCreated);
    }

    /// <summary>A new secret for a registered device; the old one stops working at once.</summary>
    public async Task<string> RenewSecretAsync(string deviceId)
    {
        _ = await Registry.Find(deviceId) ?? throw NotRegistered(deviceId);
        var secret = await grains.GetGrain<IDeviceCredentialsGrain>(deviceId).Issue();
        CredentialsChanged?.Invoke(deviceId);
        return secret;
    }

    public async Task RemoveAsync(string deviceId)
    {
        var entry = await Registry.Find(deviceId) ?? throw NotRegistered(deviceId);
        await grains.GetGrain<IDeviceCredentialsGrain>(deviceId).Revoke();
        CredentialsChanged?.Invoke(deviceId);
        if (entry.HouseholdId is { } householdId)
        {
            await grains.GetGrain<IHouseholdGrain>(householdId).RemoveDevice(deviceId);
        }

        await grains.GetGrain<IDeviceGrain>(deviceId).Decommission();
        await Registry.Remove(deviceId);
        Removed?.Invoke(entry);
    }

    public Task<IReadOnlyList<ProvisionedDevice>> ListAsync() => Registry.List();

    public Task<ProvisionedDevice?> FindAsync(string deviceId) => Registry.Find(deviceId);

    private async Task<bool> EnsureRoomAsync(string householdId, string room)
    {
        var household = grains.GetGrain<IHouseholdGrain>(householdId);
        var snapshot = await household.GetSnapshot();
        if (snapshot.Home is null)
        {
            await household.Create(new HouseholdSetup(householdId, DefaultHome, [room]));
            return true;
        }

        if (!snapshot.Rooms.Contains(room))
        {
            await household.AddRoom(room);
        }

        return false;
    }

    private static ProvisioningException NotRegistered(string deviceId) =>
        new(ProvisioningError.NotFound, $"Device '{deviceId}' is not registered; `aiot devices list` shows the registered devices.");

    private static string NewDeviceId() => $"dev-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
}
