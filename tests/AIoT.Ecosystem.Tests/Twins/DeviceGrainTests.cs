using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Tests.Support;

namespace AIoT.Ecosystem.Tests.Twins;

[Collection(EcosystemCollection.Name)]
public sealed class DeviceGrainTests(EcosystemCluster cluster)
{
    private readonly IGrainFactory _grains = cluster.Grains;

    private async Task<IDeviceGrain> LampAsync(string id)
    {
        var lamp = _grains.GetGrain<IDeviceGrain>(id);
        await lamp.Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "living-room", "Ceiling"));
        return lamp;
    }

    [Fact]
    public async Task A_provisioned_device_has_every_property_of_its_model_with_an_initial_value()
    {
        var id = TestKeys.Unique("lamp");
        var twin = await (await LampAsync(id)).GetTwin();

        Assert.Equal("light", twin.Type);
        Assert.Equal(PropertyValue.Of(false), twin["light.on"]);
        Assert.Equal(PropertyValue.Of(id), twin["device-information.serial-number"]);
        Assert.Equal(PropertyValue.Of(2700), twin["2.3"]);
        Assert.False(twin.Online);
    }

    [Fact]
    public async Task Valid_sets_change_the_twin_and_refused_ones_leave_it_unchanged_with_the_miot_code()
    {
        var id = TestKeys.Unique("lamp");
        var lamp = await LampAsync(id);
        await lamp.SetProperty("light.brightness", PropertyValue.Of(80));

        var results = await lamp.SetProperties(
        [
            new("2.1", PropertyValue.Of(true)),
            new("light.brightness", PropertyValue.Of(101)),
            new("light.mode", PropertyValue.Of(9)),
            new("device-information.model", PropertyValue.Of("fake")),
            new("light.colour", PropertyValue.Of(1)),
            new("light.on", PropertyValue.Of(1)),
        ]);

        Assert.Equal([MiotCodes.Ok, MiotCodes.PropertyValueError, MiotCodes.PropertyValueError, MiotCodes.PropertyNotWritable, MiotCodes.NotFound, MiotCodes.PropertyValueError], results.Select(r => r.Code));
        Assert.Contains("[0, 100, 1]", results[1].Error);
        var twin = await lamp.GetTwin();
        Assert.Equal(PropertyValue.Of(true), twin["light.on"]);
        Assert.Equal(PropertyValue.Of(80), twin["light.brightness"]);
        Assert.Equal(PropertyValue.Of(0), twin["light.mode"]);
        Assert.Equal(PropertyValue.Of("yeelink.light.ceiling22"), twin["device-information.model"]);

        var error = await Assert.ThrowsAsync<DeviceException>(() => lamp.SetProperty("light.brightness", PropertyValue.Of(-1)));
        Assert.Equal(MiotCodes.PropertyValueError, error.Code);
        Assert.Contains(id, error.Message);
    }

    [Fact]
    public async Task A_device_reports_read_only_state_and_is_marked_online()
    {
        var purifier = _grains.GetGrain<IDeviceGrain>(TestKeys.Unique("purifier"));
        await purifier.Provision(new DeviceRegistration("zhimi.airp.mb3", null, "bedroom", "Purifier"));

        var results = await purifier.ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(35)), new("3.8", PropertyValue.Of(21.5))]);

        Assert.All(results, r => Assert.True(r.IsOk, r.Error));
        var twin = await purifier.GetTwin();
        Assert.True(twin.Online);
        Assert.NotNull(twin.LastSeen);
        Assert.Equal(35.0, twin["3.6"]!.Value.AsDouble());
        Assert.Equal(MiotCodes.PropertyNotWritable, (await purifier.SetProperties([new("3.6", PropertyValue.Of(10))]))[0].Code);
    }

    [Fact]
    public async Task Actions_are_checked_and_a_simulated_device_carries_them_out()
    {
        var lamp = await LampAsync(TestKeys.Unique("lamp"));

        Assert.True((await lamp.InvokeAction("light.toggle", [])).IsOk);
        Assert.Equal(PropertyValue.Of(true), (await lamp.GetTwin())["light.on"]);
        Assert.Equal(MiotCodes.NotFound, (await lamp.InvokeAction("light.explode", [])).Code);
        Assert.Equal(MiotCodes.ActionParameterError, (await lamp.InvokeAction("2.1", [PropertyValue.Of(1)])).Code);

        var speaker = _grains.GetGrain<IDeviceGrain>(TestKeys.Unique("speaker"));
        await speaker.Provision(new DeviceRegistration("xiaomi.wifispeaker.lx06", null, "living-room", "Xiao Ai"));
        Assert.True((await speaker.InvokeAction("intelligent-speaker.play-text", [PropertyValue.Of("欢迎回家")])).IsOk);
        Assert.Equal(MiotCodes.ActionParameterError, (await speaker.InvokeAction("intelligent-speaker.play-text", [PropertyValue.Of(5)])).Code);
    }

    [Fact]
    public async Task A_smoke_alarm_opens_an_alert_on_the_household_and_clearing_closes_it()
    {
        var homeId = TestKeys.Unique("hh-smoke");
        var smokeId = TestKeys.Unique("smoke");
        var home = _grains.GetGrain<IHouseholdGrain>(homeId);
        await home.Create(new HouseholdSetup("Flat", new GeoPoint(31.23, 121.47), ["kitchen"]));
        await home.AddDevice(smokeId, "lumi.sensor_smoke.mcn02", "kitchen");
        var smoke = _grains.GetGrain<IDeviceGrain>(smokeId);
        await smoke.Provision(new DeviceRegistration("lumi.sensor_smoke.mcn02", homeId, "kitchen", "Kitchen smoke"));

        await smoke.RaiseEvent("smoke-sensor.smoke-alarm", [PropertyValue.Of(800)]);
        var alert = Assert.Single((await home.GetSummary()).OpenAlerts);
        Assert.Equal("smoke", alert.Kind);
        Assert.Contains("kitchen", alert.Message);

        await smoke.RaiseEvent("2.2", []);
        Assert.Empty((await home.GetSummary()).OpenAlerts);
        await Assert.ThrowsAsync<DeviceException>(() => smoke.RaiseEvent("smoke-sensor.smoke-alarm", []));
    }

    [Fact]
    public async Task Observers_hear_changes_with_their_source()
    {
        var lamp = await LampAsync(TestKeys.Unique("lamp"));
        var observer = new RecordingObserver(expectedChanges: 2);
        await lamp.Subscribe(_grains.CreateObjectReference<IDeviceObserver>(observer));

        await lamp.SetProperty("light.on", PropertyValue.Of(true));
        await lamp.ReportProperties([new("light.brightness", PropertyValue.Of(40))]);
        await lamp.SetProperty("light.on", PropertyValue.Of(true));

        await observer.Heard.Within("the observer to hear two changes");
        Assert.Equal([("light.on", ChangeSource.Command), ("light.brightness", ChangeSource.Device)], observer.Changes);
        Assert.True(observer.OnlineChanges > 0);
    }

    [Fact]
    public async Task An_unregistered_device_or_unknown_model_is_refused_clearly()
    {
        var ghost = _grains.GetGrain<IDeviceGrain>(TestKeys.Unique("ghost"));
        Assert.Contains("not registered", (await Assert.ThrowsAsync<DeviceException>(() => ghost.GetTwin())).Message);
        Assert.Contains("'acme.toaster' is not in the catalog", (await Assert.ThrowsAsync<DeviceException>(
            () => ghost.Provision(new DeviceRegistration("acme.toaster", null, "kitchen", "Toaster")))).Message);
    }

    private sealed class RecordingObserver(int expectedChanges) : IDeviceObserver
    {
        private readonly List<(string, ChangeSource)> _changes = [];
        private readonly TaskCompletionSource _heard = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _onlineChanges;

        public Task Heard => _heard.Task;

        public IReadOnlyList<(string, ChangeSource)> Changes
        {
            get
            {
                lock (_changes)
                {
                    return [.. _changes];
                }
            }
        }

        public int OnlineChanges => Volatile.Read(ref _onlineChanges);

        public void OnPropertiesChanged(string deviceId, IReadOnlyList<TwinProperty> changes, ChangeSource source)
        {
            lock (_changes)
            {
                _changes.AddRange(changes.Select(c => (c.Alias, source)));
                if (_changes.Count >= expectedChanges)
                {
                    _heard.TrySetResult();
                }
            }
        }

        public void OnEvent(DeviceEventRecord deviceEvent)
        {
        }

        public void OnActionInvoked(string deviceId, string actionKey, IReadOnlyList<PropertyValue> inputs)
        {
        }

        public void OnOnlineChanged(string deviceId, bool online) => Interlocked.Increment(ref _onlineChanges);
    }
}
