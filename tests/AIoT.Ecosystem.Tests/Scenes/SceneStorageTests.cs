using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Tests.Scenes;

/// <summary>Scenes are kept in the household's grain state on the host's SQLite storage: a restart keeps them and they run again.</summary>
public sealed class SceneStorageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-scenes-").FullName;

    private string Database => Path.Combine(_folder, "grains.db");

    [Fact]
    public async Task Scenes_of_every_kind_survive_a_restart_and_still_fire()
    {
        string householdId;
        var all = new AllCondition(
        [
            new AnyCondition([new ModeCondition(["home", "sleep"]), new NotCondition(new PresenceCondition(PresenceCondition.Everyone, PresenceTest.NotHome))]),
            new TimeCondition { After = DayTime.Sunset(TimeSpan.FromMinutes(-30)), Days = DaySet.Weekdays },
        ]);
        await using (var silo = await EcosystemCluster.StartSqliteAsync(Database))
        {
            var made = await SceneHome.CreateAsync(silo.Grains, "durable", ("leak", "lumi.flood.agl02", "bathroom"), ("valve", "lumi.valve.agl001", "bathroom"));
            householdId = made.Id;
            await made.SaveAsync(new SceneDefinition(
                "leak-valve",
                "Leak closes the valve",
                [new EventTrigger(made.DeviceId("leak"), "submersion-sensor.leak-detected"), new TimeTrigger(DayTime.At(new TimeOnly(3, 0))), new ScheduleTrigger(TimeSpan.FromHours(6))],
                null,
                [new SetAction(made.DeviceId("valve"), [new PropertySetting("valve.on", SceneValue.Of(false))]), new DelayAction(TimeSpan.FromSeconds(1)), new NotifyAction("closed")])
            {
                Cooldown = TimeSpan.FromMinutes(1),
                Limit = new FiringLimit(5, TimeSpan.FromMinutes(2)),
            });
            await made.SaveAsync(new SceneDefinition("complex", "Complex", [new ModeTrigger { From = "away", To = "home" }], all, [new ModeAction("armed")]) { Enabled = false });
        }

        await using var restarted = await EcosystemCluster.StartSqliteAsync(Database);
        var scenes = restarted.Grains.GetGrain<IHouseholdScenesGrain>(householdId);
        var listed = (await scenes.ListScenes()).Select(s => s.Scene).ToList();

        Assert.Equal(["leak-valve", "complex"], listed.Select(s => s.Id));
        Assert.Equal(3, listed[0].Triggers.Count);
        Assert.Equal(TimeSpan.FromMinutes(1), listed[0].Cooldown);
        Assert.Equal(new FiringLimit(5, TimeSpan.FromMinutes(2)), listed[0].Limit);
        Assert.False(listed[1].Enabled);
        var condition = Assert.IsType<AllCondition>(listed[1].Condition);
        Assert.IsType<NotCondition>(Assert.IsType<AnyCondition>(condition.Conditions[0]).Conditions[1]);
        Assert.Equal(DayTime.Sunset(TimeSpan.FromMinutes(-30)), Assert.IsType<TimeCondition>(condition.Conditions[1]).After);

        var home = await SceneHome.AttachAsync(restarted.Grains, householdId);
        await home.Device("valve").SetOnline(true);
        await home.Device("valve").SetProperty("valve.on", PropertyValue.Of(true));
        // The leak sensor kept what the scene watches across the restart: its event reaches the household, which closes the valve.
        var firing = await home.WaitForAsync<SceneFiring>("leak-valve", () => home.Device("leak").RaiseEvent("submersion-sensor.leak-detected", []), waitingCounts: true);

        Assert.Equal(ActionStatus.Ok, firing.Outcomes[0].Status);
        Assert.Equal(PropertyValue.Of(false), (await home.Device("valve").GetTwin())["valve.on"]);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
