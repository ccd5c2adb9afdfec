using System.Security.Cryptography;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;

namespace AIoT.Gateway.Provisioning;

public sealed record DeviceProvisionRequest(string Model, string? HouseholdId = null, string? Room = null, string? Name = null, string? DeviceId = null);

/// <summary>A registered device and the secret it connects with; the secret is shown once and only its hash is stored.</summary>
public sealed record DeviceProvisionResult(ProvisionedDevice Device, string Secret, bool HouseholdCreated);

/// <summary>
/// Registers devices for MQTT: the directory entry with the secret's hash, and the device's place in its household.
/// The twin itself starts from the directory entry the first time the device is used, so a registration activates no
/// device grain and a bulk of them costs one batch of directory rows.
/// </summary>
public sealed class DeviceProvisioner(IGrainFactory grains, IDeviceDirectory directory, DeviceCatalog catalog, TimeProvider? time = null)
{
    /// <summary>Where a household created on the fly is placed until someone moves it: Xiaomi's campus in Beijing.</summary>
    public static readonly GeoPoint DefaultHome = GeoPoint.Create(40.0493, 116.3054);

    public const int MaxPageSize = 1000;

    private const string DefaultRoom = "living room";

    private const int ParallelPlanningFrom = 256;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Raised with the device id when its secret is renewed or revoked: a session opened with the old one must end.</summary>
    public event Action<string>? CredentialsChanged;

    /// <summary>Raised after a device was removed, so what was published about it can be taken back.</summary>
    public event Action<ProvisionedDevice>? Removed;

    public async Task<DeviceProvisionResult> AddAsync(DeviceProvisionRequest request)
    {
        var results = await AddManyAsync([request]);
        return results[0];
    }

    /// <summary>
    /// Registers every request or none: a request that is invalid, or names an id that is taken (or twice), refuses the
    /// whole batch with a message naming its position.
    /// </summary>
    public async Task<IReadOnlyList<DeviceProvisionResult>> AddManyAsync(IReadOnlyList<DeviceProvisionRequest> requests)
    {
        var now = _time.GetUtcNow();
        var planned = new (DeviceProvisionResult Result, DirectoryEntry Entry)[requests.Count];
        var refused = new ProvisioningException?[requests.Count];
        var random = RandomNumberGenerator.GetBytes(requests.Count * SecretHasher.RandomBytesPerSecret);
        void PlanAt(int i)
        {
            try
            {
                var device = Plan(requests[i], now, i, requests.Count);
                var (secret, hash) = SecretHasher.Issue(random.AsSpan(i * SecretHasher.RandomBytesPerSecret, SecretHasher.RandomBytesPerSecret));
                planned[i] = (new DeviceProvisionResult(device, secret, false), new DirectoryEntry(device, hash));
            }
            catch (ProvisioningException ex)
            {
                refused[i] = ex;
            }
        }

        // Checking, making secrets and hashing them is most of a bulk registration's work, and independent per device.
        if (requests.Count >= ParallelPlanningFrom)
        {
            Parallel.For(0, requests.Count, PlanAt);
        }
        else
        {
            for (var i = 0; i < requests.Count; i++)
            {
                PlanAt(i);
            }
        }

        CryptographicOperations.ZeroMemory(random);
        if (Array.Find(refused, r => r is not null) is { } first)
        {
            throw first;
        }

        var ids = new HashSet<string>(requests.Count, StringComparer.Ordinal);
        for (var i = 0; i < planned.Length; i++)
        {
            if (!ids.Add(planned[i].Result.Device.DeviceId))
            {
                throw new ProvisioningException(ProvisioningError.Invalid, $"{Where(i, requests.Count)}id: device '{planned[i].Result.Device.DeviceId}' appears twice in the request.");
            }
        }

        var taken = await directory.AddAsync([.. planned.Select(p => p.Entry)]);
        if (taken.Count > 0)
        {
            var theirs = taken.ToHashSet(StringComparer.Ordinal);
            await ForgetAsync(planned.Select(p => p.Entry.Device.DeviceId).Where(id => !theirs.Contains(id)));
            throw new ProvisioningException(ProvisioningError.Conflict,
                $"id: device '{taken[0]}' is already registered{(taken.Count > 1 ? $" (and {taken.Count - 1} more)" : "")}; remove it first, or issue it a new secret.");
        }

        HashSet<string> created;
        try
        {
            created = await PrepareHouseholdsAsync(planned.Select(p => p.Result.Device));
            foreach (var household in planned.Where(p => p.Result.Device.HouseholdId is not null).GroupBy(p => p.Result.Device.HouseholdId!))
            {
                await grains.GetGrain<IHouseholdGrain>(household.Key).AddDevices([.. household.Select(p => new HouseholdDeviceEntry(p.Result.Device.DeviceId, p.Result.Device.Model, p.Result.Device.Room))]);
            }
        }
        catch
        {
            // The caller never sees these secrets, so the devices must not stay registered.
            await ForgetAsync(planned.Select(p => p.Entry.Device.DeviceId));
            throw;
        }

        return [.. planned.Select(p => p.Result with { HouseholdCreated = p.Result.Device.HouseholdId is { } h && created.Contains(h) })];
    }

    /// <summary>A new secret for a registered device; the old one stops working at once.</summary>
    public async Task<string> RenewSecretAsync(string deviceId)
    {
        _ = await directory.FindAsync(deviceId) ?? throw NotRegistered(deviceId);
        var secret = await grains.GetGrain<IDeviceCredentialsGrain>(deviceId).Issue();
        CredentialsChanged?.Invoke(deviceId);
        return secret;
    }

    /// <summary>
    /// Removes a device with its credentials, its place in its household and its twin. A removal that fails halfway
    /// leaves the device marked as being removed (not found, unable to connect, its id still taken), and running it
    /// again finishes it.
    /// </summary>
    public async Task RemoveAsync(string deviceId)
    {
        // Marked first: a twin or credentials grain activating from here on finds no registration.
        var entry = await directory.BeginRemovalAsync(deviceId) ?? throw NotRegistered(deviceId);
        await grains.GetGrain<IDeviceCredentialsGrain>(deviceId).Revoke();
        CredentialsChanged?.Invoke(deviceId);
        if (entry.Device.HouseholdId is { } householdId)
        {
            await grains.GetGrain<IHouseholdGrain>(householdId).RemoveDevice(deviceId);
        }

        await grains.GetGrain<IDeviceGrain>(deviceId).Decommission();
        await directory.RemoveAsync(deviceId);
        Removed?.Invoke(entry.Device);
    }

    public Task<DevicePage> ListAsync(string? after = null, int limit = MaxPageSize) =>
        directory.ListAsync(after, Math.Clamp(limit, 1, MaxPageSize));

    public Task<long> CountAsync() => directory.CountAsync();

    public async Task<ProvisionedDevice?> FindAsync(string deviceId) => (await directory.FindAsync(deviceId))?.Device;

    /// <summary>The device a request asks for; <paramref name="index"/> and <paramref name="count"/> name its place in a refusal (made only then).</summary>
    private ProvisionedDevice Plan(DeviceProvisionRequest request, DateTimeOffset now, int index, int count)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw new ProvisioningException(ProvisioningError.Invalid, $"{Where(index, count)}model: required; `aiot catalog list` shows the models and types.");
        }

        var spec = catalog.Find(request.Model) ?? catalog.FindByType(request.Model)
            ?? throw new ProvisioningException(ProvisioningError.Invalid, $"{Where(index, count)}model: '{request.Model}' is not in the device catalog; `aiot catalog list` shows the models and types.");
        var deviceId = request.DeviceId ?? NewDeviceId();
        if (DeviceIds.Check(deviceId) is { } problem)
        {
            throw new ProvisioningException(ProvisioningError.Invalid, $"{Where(index, count)}id: {problem}");
        }

        var household = string.IsNullOrWhiteSpace(request.HouseholdId) ? null : request.HouseholdId;
        var room = request.Room?.Trim() ?? "";
        if (household is not null && room.Length == 0)
        {
            room = DefaultRoom;
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? spec.Name : request.Name.Trim();
        return new ProvisionedDevice(deviceId, spec.Model, household, room, name, now);
    }

    /// <summary>Takes the devices out of the directory again; all at once, so the directory commits them together.</summary>
    private Task ForgetAsync(IEnumerable<string> deviceIds) => Task.WhenAll(deviceIds.Select(directory.RemoveAsync));

    /// <summary>Creates the households and rooms the devices go to; returns the households created.</summary>
    private async Task<HashSet<string>> PrepareHouseholdsAsync(IEnumerable<ProvisionedDevice> devices)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var household in devices.Where(d => d.HouseholdId is not null).GroupBy(d => d.HouseholdId!))
        {
            var grain = grains.GetGrain<IHouseholdGrain>(household.Key);
            var rooms = household.Select(d => d.Room).Distinct(StringComparer.Ordinal).ToList();
            if ((await grain.GetSnapshot()).Home is null)
            {
                await grain.Create(new HouseholdSetup(household.Key, DefaultHome, rooms));
                created.Add(household.Key);
            }
            else
            {
                await grain.AddRooms(rooms);
            }
        }

        return created;
    }

    private static string Where(int index, int count) => count == 1 ? "" : $"devices[{index}].";

    private static ProvisioningException NotRegistered(string deviceId) =>
        new(ProvisioningError.NotFound, $"Device '{deviceId}' is not registered; `aiot devices list` shows the registered devices.");

    private static string NewDeviceId() => $"dev-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
}
