using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>People's whereabouts and the household's mode: from/to, one person or anyone.</summary>
public sealed class PresenceAndModeTriggerTests
{
    private static readonly DateTimeOffset T0 = TestScenes.Monday10;

    private static SceneEngine EngineWith(params SceneDefinition[] scenes)
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load(scenes, T0);
        return engine;
    }

    private static List<string> Fired(SceneEngine engine, string person, Whereabouts? from, Whereabouts to) =>
        [.. engine.OnPresence(person, from, to, SceneChain.Empty, T0).Select(c => c.Scene.Id)];

    [Fact]
    public void A_presence_trigger_for_one_person_fires_on_that_persons_arrival_only()
    {
        var engine = EngineWith(TestScenes.Make("alice-home", new PresenceTrigger("alice") { To = Whereabouts.Home }));

        Assert.Equal(["alice-home"], Fired(engine, "alice", Whereabouts.Away, Whereabouts.Home));
        Assert.Equal(["alice-home"], Fired(engine, "alice", Whereabouts.InVehicle, Whereabouts.Home));
        Assert.Equal(["alice-home"], Fired(engine, "alice", null, Whereabouts.Home));
        Assert.Empty(Fired(engine, "bob", Whereabouts.Away, Whereabouts.Home));
        Assert.Empty(Fired(engine, "alice", Whereabouts.Home, Whereabouts.Away));
        Assert.Empty(Fired(engine, "alice", Whereabouts.Home, Whereabouts.Home));
    }

    [Fact]
    public void A_presence_trigger_with_from_fires_only_when_leaving_that_state()
    {
        var engine = EngineWith(TestScenes.Make("drove-off", new PresenceTrigger("alice") { From = Whereabouts.Home, To = Whereabouts.InVehicle }));

        Assert.Equal(["drove-off"], Fired(engine, "alice", Whereabouts.Home, Whereabouts.InVehicle));
        Assert.Empty(Fired(engine, "alice", Whereabouts.Away, Whereabouts.InVehicle));
        Assert.Empty(Fired(engine, "alice", null, Whereabouts.InVehicle));
        Assert.Empty(Fired(engine, "alice", Whereabouts.Home, Whereabouts.Away));
    }

    [Fact]
    public void A_presence_trigger_for_anyone_fires_for_every_member()
    {
        var engine = EngineWith(TestScenes.Make("someone-left", new PresenceTrigger(PresenceTrigger.AnyPerson) { From = Whereabouts.Home }));

        Assert.Equal(["someone-left"], Fired(engine, "alice", Whereabouts.Home, Whereabouts.Away));
        Assert.Equal(["someone-left"], Fired(engine, "bob", Whereabouts.Home, Whereabouts.InVehicle));
        Assert.Empty(Fired(engine, "bob", Whereabouts.Away, Whereabouts.Home));
    }

    [Fact]
    public void A_mode_trigger_fires_on_its_from_and_to_ignoring_case_and_not_when_the_mode_stays()
    {
        var toArmed = TestScenes.Make("armed", new ModeTrigger { To = "armed" });
        var wakeUp = TestScenes.Make("wake-up", new ModeTrigger { From = "sleep", To = "home" });
        var anyChange = TestScenes.Make("any-mode", new ModeTrigger());
        var engine = EngineWith(toArmed, wakeUp, anyChange);

        List<string> Fired(string from, string to) => [.. engine.OnModeChanged(from, to, SceneChain.Empty, T0).Select(c => c.Scene.Id)];

        Assert.Equal(["armed", "any-mode"], Fired("away", "Armed"));
        Assert.Equal(["wake-up", "any-mode"], Fired("sleep", "home"));
        Assert.Equal(["any-mode"], Fired("away", "home"));
        Assert.Empty(Fired("armed", "ARMED"));
        Assert.Equal("mode sleep -> home", engine.OnModeChanged("sleep", "home", SceneChain.Empty, T0)[0].Trigger);
    }
}
