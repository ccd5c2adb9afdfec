using System.Text.Json;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Tests.Scenes;

/// <summary>
/// The household keeps only the engine's form of its scenes in memory and reads the definitions from storage to
/// list, change or fire them: what users see and what runs is the same as when everything was held.
/// </summary>
[Collection(EcosystemCollection.Name)]
public sealed class SceneColdStateTests(EcosystemCluster cluster)
{
    private const string Purifier = "zhimi.airp.mb3";
    private const string Light = "yeelink.light.ceiling22";

    private static SceneDefinition Dusty(SceneHome home, string id, bool on = true) =>
        new(id, $"Light {(on ? "on" : "off")} when {id}", [new PropertyTrigger(home.DeviceId("purifier"), "environment.pm2-5-density") { Above = 75 }], new ModeCondition(["home"]),
            [new SetAction(home.DeviceId("light"), [new PropertySetting("light.on", SceneValue.Of(on)), new PropertySetting("light.brightness", SceneValue.Of(40))]), new NotifyAction($"{id} fired")])
        {
            Description = "Made to check what a listing returns",
            Cooldown = TimeSpan.FromMinutes(3),
        };

    [Fact]
    public async Task Listing_returns_every_field_of_the_scenes_as_saved_after_they_fired()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "cold-list", ("purifier", Purifier, "bedroom-1"), ("light", Light, "bedroom-1"));
        var saved = new List<SceneDefinition>();
        foreach (var scene in new[] { Dusty(home, "dusty-a"), Dusty(home, "dusty-b") with { Enabled = false, Limit = new FiringLimit(4, TimeSpan.FromMinutes(5)) } })
        {
            var result = await home.Scenes.SaveScene(scene);
            Assert.True(result.IsSaved, string.Join("; ", result.Problems));
            saved.Add(result.Saved!);
        }

        await home.WaitForAsync<SceneFiring>("dusty-a", () => home.Device("purifier").ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(90.0))]));
        var listed = await home.Scenes.ListScenes();

        Assert.Equal(saved.Select(s => JsonSerializer.Serialize(s)), listed.Select(s => JsonSerializer.Serialize(s.Scene)));
        Assert.NotNull(listed[0].LastFired);
        Assert.Null(listed[1].LastFired);
    }

    [Fact]
    public async Task Saves_enables_and_notifications_racing_each_other_lose_nothing()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "cold-race", ("purifier", Purifier, "bedroom-1"), ("light", Light, "bedroom-1"));
        await home.SaveAsync(Dusty(home, "first"));
        await home.SaveAsync(Dusty(home, "second") with { Triggers = [new ModeTrigger { To = "away" }] });

        // The firing's notification writes the same state as the saves and the disable, all in flight together.
        var firing = home.WaitForAsync<SceneFiring>("first", () => home.Device("purifier").ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(90.0))]));
        var saves = Enumerable.Range(0, 12).Select(i => home.Scenes.SaveScene(Dusty(home, $"racing-{i}"))).ToList();
        var disable = home.Scenes.SetSceneEnabled("second", false);
        await Task.WhenAll(saves);
        await disable;
        await firing;

        Assert.All(saves, s => Assert.True(s.Result.IsSaved));
        var listed = await home.Scenes.ListScenes();
        Assert.Equal(new[] { "first", "second" }.Concat(Enumerable.Range(0, 12).Select(i => $"racing-{i}")).Order(StringComparer.Ordinal), listed.Select(s => s.Scene.Id).Order(StringComparer.Ordinal));
        Assert.False(listed.Single(s => s.Scene.Id == "second").Scene.Enabled);
        Assert.Contains((await home.Scenes.GetSceneActivity()).Notifications, n => n.Message == "first fired");
    }

    [Fact]
    public async Task A_firing_runs_the_actions_of_the_scene_as_last_saved()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "cold-fire", ("purifier", Purifier, "bedroom-1"), ("light", Light, "bedroom-1"));
        await home.SaveAsync(Dusty(home, "dusty", on: true));
        await home.SaveAsync(Dusty(home, "dusty", on: false) with { Cooldown = TimeSpan.Zero });
        await home.Device("light").SetProperty("light.on", PropertyValue.Of(true));

        var firing = await home.WaitForAsync<SceneFiring>("dusty", () => home.Device("purifier").ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(90.0))]));

        Assert.Equal([ActionStatus.Ok, ActionStatus.Ok], firing.Outcomes.Select(o => o.Status));
        Assert.Equal(PropertyValue.Of(false), (await home.Device("light").GetTwin())["light.on"]);
    }

    [Fact]
    public async Task Saving_another_scene_keeps_what_an_unchanged_scene_waits_for()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "cold-hold", ("purifier", Purifier, "bedroom-1"), ("light", Light, "bedroom-1"));
        await home.SaveAsync(Dusty(home, "held") with { Triggers = [new PropertyTrigger(home.DeviceId("purifier"), "environment.pm2-5-density") { Above = 75, For = TimeSpan.FromMinutes(30) }] });
        await home.Device("purifier").ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(90.0))]);
        await home.UntilWaitingAsync("held", "hold");

        await home.SaveAsync(Dusty(home, "other"));
        await home.Scenes.SetSceneEnabled("other", false);
        await home.Scenes.RemoveScene("other");

        Assert.Contains((await home.Scenes.GetSceneActivity()).Waiting, w => w.SceneId == "held" && w.Kind == "hold");
    }
}
