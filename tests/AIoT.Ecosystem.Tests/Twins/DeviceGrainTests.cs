using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Grains.Runtime;
using AIoT.Grains.Sqlite;

namespace AIoT.Ecosystem.Tests.Twins;

public sealed class DeviceGrainTests
{
    private static async Task<IDeviceGrain> LampAsync(Silo silo, string id = "lamp-1")
    {
        var lamp = silo.GrainFactory.GetGrain<IDeviceGrain>(id);
        await lamp.Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "living-room", "Ceiling"));
        return lamp;
    }

    [Fact]
    public async Task A_provisioned_device_has_every_property_of_its_model_with_an_initial_value()
    {
        await using var silo = await EcosystemSilo.StartAsync();
        var twin = await (await LampAsync(silo)).GetTwin();

        Assert.Equal("light", twin.Type);
        Assert.Equal(PropertyValue.Of(false), twin["light.on"]);
        Assert.Equal(PropertyValue.Of("lamp-1"), twin["device-information.serial-number"]);
        Assert.Equal(PropertyValue.Of(2700), twin["2.3"]);
        Assert.False(twin.Online);
    }

    [Fact]
    public async Task Valid_sets_change_the_twin_and_refused_ones_leave_it_unchanged_with_the_miot_code()
    {
        await using var silo = await EcosystemSilo.StartAsync();
        var lamp = await LampAsync(silo);
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
        Assert.Contains("lamp-1", error.Message);
    }

    [Fact]
    public async Task A_device_reports_read_only_state_and_is_marked_online()
    {
        await using var silo = await EcosystemSilo.StartAsync();
        var purifier = silo.GrainFactory.GetGrain<IDeviceGrain>("purifier-1");
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
        await using var silo = await EcosystemSilo.StartAsync();
        var lamp = await LampAsync(silo);

        Assert.True((await lamp.InvokeAction("light.toggle", [])).IsOk);
        Assert.Equal(PropertyValue.Of(true), (await lamp.GetTwin())["light.on"]);
        Assert.Equal(MiotCodes.NotFound, (await lamp.InvokeAction("light.explode", [])).Code);
        Assert.Equal(MiotCodes.ActionParameterError, (await lamp.InvokeAction("2.1", [PropertyValue.Of(1)])).Code);

        var speaker = silo.GrainFactory.GetGrain<IDeviceGrain>("speaker-1");
        await speaker.Provision(new DeviceRegistration("xiaomi.wifispeaker.lx06", null, "living-room", "Xiao Ai"));
        Assert.True((await speaker.InvokeAction("intelligent-speaker.play-text", [PropertyValue.Of("欢迎回家")])).IsOk);
        Assert.Equal(MiotCodes.ActionParameterError, (await speaker.InvokeAction("intelligent-speaker.play-text", [PropertyValue.Of(5)])).Code);
    }

    [Fact]
    public async Task A_smoke_alarm_opens_an_alert_on_the_household_and_clearing_closes_it()
    {
        await using var silo = await EcosystemSilo.StartAsync();
        var home = silo.GrainFactory.GetGrain<IHouseholdGrain>("hh-smoke");
        await home.Create(new HouseholdSetup("Flat", new GeoPoint(31.23, 121.47), ["kitchen"]));
        await home.AddDevice("smoke-1", "lumi.sensor_smoke.mcn02", "kitchen");
        var smoke = silo.GrainFactory.GetGrain<IDeviceGrain>("smoke-1");
        await smoke.Provision(new DeviceRegistration("lumi.sensor_smoke.mcn02", "hh-smoke", "kitchen", "Kitchen smoke"));

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
        await using var silo = await EcosystemSilo.StartAsync();
        var lamp = await LampAsync(silo);
        var observer = new RecordingObserver();
        await lamp.Subscribe(silo.GrainFactory.CreateObjectReference<IDeviceObserver>(observer));

        await lamp.SetProperty("light.on", PropertyValue.Of(true));
        await lamp.ReportProperties([new("light.brightness", PropertyValue.Of(40))]);
        await lamp.SetProperty("light.on", PropertyValue.Of(true));

        for (var deadline = Environment.TickCount64 + 15_000; Environment.TickCount64 < deadline && observer.Changes.Count < 2;)
        {
            await Task.Delay(10);
        }

        Assert.Equal([("light.on", ChangeSource.Command), ("light.brightness", ChangeSource.Device)], observer.Changes);
        Assert.True(observer.OnlineChanges > 0);
    }

    [Fact]
    public async Task An_unregistered_device_or_unknown_model_is_refused_clearly()
    {
        await using var silo = await EcosystemSilo.StartAsync();
        var ghost = silo.GrainFactory.GetGrain<IDeviceGrain>("ghost");
        Assert.Contains("not registered", (await Assert.ThrowsAsync<DeviceException>(() => ghost.GetTwin())).Message);
        Assert.Contains("'acme.toaster' is not in the catalog", (await Assert.ThrowsAsync<DeviceException>(
            () => ghost.Provision(new DeviceRegistration("acme.toaster", null, "kitchen", "Toaster")))).Message);
    }

    [Fact]
    public async Task The_twin_survives_a_restart()
    {
        var folder = Directory.CreateTempSubdirectory("aiot-device-").FullName;
        var database = Path.Combine(folder, "grains.db");
        try
        {
            await using (var silo = await StartSqliteAsync(database))
            {
                var lamp = await LampAsync(silo, "lamp-durable");
                await lamp.SetProperty("light.brightness", PropertyValue.Of(55));
                await lamp.ReportProperties([new("light.color-temperature", PropertyValue.Of(5000))]);
            }

            await using var restarted = await StartSqliteAsync(database);
            var twin = await restarted.GrainFactory.GetGrain<IDeviceGrain>("lamp-durable").GetTwin();
            Assert.Equal(PropertyValue.Of(55), twin["light.brightness"]);
            Assert.Equal(PropertyValue.Of(5000), twin["light.color-temperature"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<Silo> StartSqliteAsync(string database)
    {
        var silo = new SiloBuilder().AddGrainAssembly(typeof(DeviceGrain).Assembly).AddSqliteGrainStorage(database).Build();
        await silo.StartAsync();
        return silo;
    }

    private sealed class RecordingObserver : IDeviceObserver
    {
        public List<(string, ChangeSource)> Changes { get; } = [];

        public int OnlineChanges { get; private set; }

        public void OnPropertiesChanged(string deviceId, IReadOnlyList<TwinProperty> changes, ChangeSource source)
        {
            foreach (var change in changes)
            {
                Changes.Add((change.Alias, source));
            }
        }

        public void OnEvent(DeviceEventRecord deviceEvent)
        {
        }

        public void OnActionInvoked(string deviceId, string actionKey, IReadOnlyList<PropertyValue> inputs)
        {
        }

        public void OnOnlineChanged(string deviceId, bool online) => OnlineChanges++;
    }
}
