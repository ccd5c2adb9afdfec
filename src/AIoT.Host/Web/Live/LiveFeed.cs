using System.Threading.Channels;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Runtime;
using AIoT.Ecosystem.Vehicles;
using AIoT.Host.Web;
using AIoT.Scenes.Engine;
using Orleans;

namespace AIoT.Host.Web.Live;

/// <summary>
/// What one open page watches: it observes the devices, the household's scenes and the cars it was given, and queues
/// what they report for the page's event stream. Subscriptions are renewed well within their expiry and dropped when
/// the page goes away. A page that reads too slowly loses the oldest events, never the host's memory.
/// </summary>
internal sealed class LiveFeed : IDeviceObserver, ISceneObserver, IVehicleObserver, IAsyncDisposable
{
    public const int Capacity = 1024;
    private static readonly TimeSpan Renewal = ObserverLists.Expiration / 3;

    private readonly Channel<LiveEvent> _events = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly IGrainFactory _grains;
    private readonly IReadOnlyList<string> _devices;
    private readonly string? _householdId;
    private readonly IReadOnlyList<string> _vehicles;
    private readonly IDeviceObserver _deviceReference;
    private readonly ISceneObserver _sceneReference;
    private readonly IVehicleObserver _vehicleReference;
    private readonly CancellationTokenSource _stop = new();
    private Task _renewing = Task.CompletedTask;

    public LiveFeed(IGrainFactory grains, IReadOnlyList<string> devices, string? householdId, IReadOnlyList<string> vehicles)
    {
        (_grains, _devices, _householdId, _vehicles) = (grains, devices, householdId, vehicles);
        _deviceReference = grains.CreateObjectReference<IDeviceObserver>(this);
        _sceneReference = grains.CreateObjectReference<ISceneObserver>(this);
        _vehicleReference = grains.CreateObjectReference<IVehicleObserver>(this);
    }

    public ChannelReader<LiveEvent> Events => _events.Reader;

    public void Post(LiveEvent item) => _events.Writer.TryWrite(item);

    public async Task StartAsync()
    {
        await SubscribeAsync();
        _renewing = RenewAsync(_stop.Token);
    }

    public void OnPropertiesChanged(string deviceId, IReadOnlyList<TwinProperty> changes, ChangeSource source) =>
        Post(new LiveEvent("property", new { deviceId, changes, source = source.ToString().ToLowerInvariant() }));

    public void OnEvent(DeviceEventRecord deviceEvent) => Post(new LiveEvent("event", deviceEvent));

    public void OnActionInvoked(string deviceId, string actionKey, IReadOnlyList<PropertyValue> inputs) =>
        Post(new LiveEvent("action", new { deviceId, action = actionKey, inputs }));

    public void OnOnlineChanged(string deviceId, bool online) => Post(new LiveEvent("online", new { deviceId, online }));

    public void OnSceneFired(string householdId, SceneFiring firing) => Post(new LiveEvent("firing", new { householdId, firing = SceneFiringView.Of(firing) }));

    public void OnSceneSkipped(string householdId, SceneSkip skip) => Post(new LiveEvent("skip", new { householdId, skip }));

    public void OnScenesWaiting(string householdId, IReadOnlyList<SceneWait> waiting)
    {
    }

    public void OnGeofence(GeofenceEvent geofenceEvent) => Post(new LiveEvent("geofence", geofenceEvent));

    public void OnVehicleChanged(VehicleSnapshot snapshot) => Post(new LiveEvent("vehicle", snapshot));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        try
        {
            await Task.WhenAll(
                _devices.Select(id => _grains.GetGrain<IDeviceGrain>(id).Unsubscribe(_deviceReference))
                    .Concat(_vehicles.Select(id => _grains.GetGrain<IVehicleGrain>(id).Unsubscribe(_vehicleReference)))
                    .Concat(_householdId is null ? [] : [_grains.GetGrain<IHouseholdScenesGrain>(_householdId).UnsubscribeScenes(_sceneReference)]));
        }
        catch (Exception)
        {
            // The page is gone; an unsubscription that fails (the host stopping) only leaves a subscription that expires.
        }

        _grains.DeleteObjectReference<IDeviceObserver>(_deviceReference);
        _grains.DeleteObjectReference<ISceneObserver>(_sceneReference);
        _grains.DeleteObjectReference<IVehicleObserver>(_vehicleReference);
        _stop.Dispose();
    }

    private Task SubscribeAsync() => Task.WhenAll(
        _devices.Select(id => _grains.GetGrain<IDeviceGrain>(id).Subscribe(_deviceReference))
            .Concat(_vehicles.Select(id => _grains.GetGrain<IVehicleGrain>(id).Subscribe(_vehicleReference)))
            .Concat(_householdId is null ? [] : [_grains.GetGrain<IHouseholdScenesGrain>(_householdId).SubscribeScenes(_sceneReference)]));

    private async Task RenewAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Renewal);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await SubscribeAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Post(new LiveEvent("error", new { message = $"Live updates stopped: {ex.Message}. Reload the page." }));
        }
    }
}
