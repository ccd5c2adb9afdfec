using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Whether a triggered scene runs: disabled scenes, cooldowns, debounce and the loop breaker.</summary>
public sealed class AdmissionTests
{
    private static readonly DateTimeOffset T0 = TestScenes.Monday10;

    private static readonly PropertyTrigger LampOn = new("lamp", "2.1") { To = SceneValue.Of(true) };

    private static SceneEngine EngineWith(params SceneDefinition[] scenes)
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load(scenes, T0);
        return engine;
    }

    private static SceneCandidate Candidate(SceneDefinition scene, string chain = "") => new(scene, "test", SceneChain.Parse(chain));

    private static List<SceneCandidate> SwitchOn(SceneEngine engine, DateTimeOffset at) =>
        engine.OnPropertyChanges("lamp", [new PropertyChange("2.1", SceneValue.Of(false), SceneValue.Of(true))], SceneChain.Empty, at);

    [Fact]
    public void A_disabled_scene_is_not_offered_and_not_admitted()
    {
        var scene = TestScenes.Make("off", LampOn) with { Enabled = false };
        var engine = EngineWith(scene);

        Assert.Empty(SwitchOn(engine, T0));

        var admission = engine.Admit(Candidate(scene), T0);
        Assert.False(admission.Runs);
        Assert.Equal("disabled", admission.Reason);
        Assert.False(admission.LoopStopped);
    }

    [Fact]
    public void A_scene_in_its_cooldown_is_refused_until_the_cooldown_is_over()
    {
        var scene = TestScenes.Make("cool", LampOn) with { Cooldown = TimeSpan.FromMinutes(5) };
        var engine = EngineWith(scene);

        Assert.True(engine.Admit(Candidate(scene), T0).Runs);
        var refused = engine.Admit(Candidate(scene), T0.AddMinutes(5).AddSeconds(-1));

        Assert.False(refused.Runs);
        Assert.StartsWith("cooling down until ", refused.Reason);
        Assert.False(refused.LoopStopped);
        Assert.Equal(T0, engine.LastFired("cool"));
        Assert.True(engine.Admit(Candidate(scene), T0.AddMinutes(5)).Runs);
        Assert.Equal(T0.AddMinutes(5), engine.LastFired("cool"));
    }

    [Fact]
    public void Without_a_cooldown_a_scene_may_run_again_at_once()
    {
        var scene = TestScenes.Make("hot", LampOn);
        var engine = EngineWith(scene);

        Assert.True(engine.Admit(Candidate(scene), T0).Runs);
        Assert.True(engine.Admit(Candidate(scene), T0).Runs);
    }

    [Fact]
    public void Several_triggers_within_the_debounce_give_one_firing_after_quiet()
    {
        var scene = TestScenes.Make("debounced", LampOn) with { Debounce = TimeSpan.FromSeconds(10) };
        var engine = EngineWith(scene);

        Assert.Empty(SwitchOn(engine, T0));
        Assert.Empty(SwitchOn(engine, T0.AddSeconds(3)));
        Assert.Empty(SwitchOn(engine, T0.AddSeconds(8)));

        Assert.Equal(T0.AddSeconds(18), engine.NextDue);
        Assert.Empty(engine.OnTick(T0.AddSeconds(17)).Candidates);
        var candidate = Assert.Single(engine.OnTick(T0.AddSeconds(18)).Candidates);

        Assert.Equal("lamp 2.1 false -> true (after 10s quiet)", candidate.Trigger);
        Assert.Null(engine.NextDue);
        Assert.Empty(engine.OnTick(T0.AddMinutes(5)).Candidates);
    }

    [Fact]
    public void Different_triggers_of_one_debounced_scene_share_its_wait()
    {
        var scene = TestScenes.Make("debounced", [LampOn, new EventTrigger("lock", "2.e1")], null, TestScenes.NotifyOnly) with { Debounce = TimeSpan.FromSeconds(10) };
        var engine = EngineWith(scene);

        SwitchOn(engine, T0);
        Assert.Empty(engine.OnEvent("lock", "2.e1", [], SceneChain.Empty, T0.AddSeconds(5)));

        Assert.Empty(engine.OnTick(T0.AddSeconds(10)).Candidates);
        Assert.Equal("lock event 2.e1 (after 10s quiet)", Assert.Single(engine.OnTick(T0.AddSeconds(15)).Candidates).Trigger);
    }

    [Fact]
    public void A_chain_that_already_holds_the_scene_twice_is_refused_naming_the_chain_and_stops_the_scene_for_its_window()
    {
        var scene = TestScenes.Make("ping", LampOn);
        var engine = EngineWith(scene);

        Assert.True(engine.Admit(Candidate(scene, "ping"), T0).Runs);
        var loop = engine.Admit(Candidate(scene, "ping>pong>ping"), T0.AddSeconds(1));

        Assert.False(loop.Runs);
        Assert.True(loop.LoopStopped);
        Assert.StartsWith("ping>pong>ping>ping: ", loop.Reason);
        Assert.Equal(T0.AddSeconds(1) + FiringLimit.Default.Window, engine.StoppedUntil("ping", T0.AddSeconds(1)));

        var stopped = engine.Admit(Candidate(scene), T0.AddSeconds(30));
        Assert.False(stopped.Runs);
        Assert.StartsWith("stopped by the loop breaker until ", stopped.Reason);

        Assert.True(engine.Admit(Candidate(scene), T0.AddSeconds(1) + FiringLimit.Default.Window).Runs);
        Assert.Null(engine.StoppedUntil("ping", T0.AddSeconds(1) + FiringLimit.Default.Window));
    }

    [Fact]
    public void A_chain_through_other_scenes_that_holds_the_scene_once_is_admitted()
    {
        var scene = TestScenes.Make("ping", LampOn);
        var engine = EngineWith(scene);

        Assert.True(engine.Admit(Candidate(scene, "evening>ping>pong"), T0).Runs);
        Assert.Null(engine.StoppedUntil("ping", T0));
    }

    [Fact]
    public void More_firings_than_the_limit_within_the_window_are_refused_and_stop_the_scene_for_the_rest_of_the_window()
    {
        var scene = TestScenes.Make("chatty", LampOn) with { Limit = new FiringLimit(3, TimeSpan.FromMinutes(1)) };
        var engine = EngineWith(scene);

        Assert.True(engine.Admit(Candidate(scene), T0).Runs);
        Assert.True(engine.Admit(Candidate(scene), T0.AddSeconds(10)).Runs);
        Assert.True(engine.Admit(Candidate(scene, "evening"), T0.AddSeconds(20)).Runs);
        var fourth = engine.Admit(Candidate(scene, "evening>arrive"), T0.AddSeconds(30));

        Assert.False(fourth.Runs);
        Assert.True(fourth.LoopStopped);
        Assert.Equal("evening>arrive>chatty: 3 firings within 1m", fourth.Reason);
        Assert.Equal(T0.AddMinutes(1), engine.StoppedUntil("chatty", T0.AddSeconds(30)));
        Assert.False(engine.Admit(Candidate(scene), T0.AddSeconds(59)).Runs);
        Assert.True(engine.Admit(Candidate(scene), T0.AddMinutes(1)).Runs);
    }

    [Fact]
    public void The_default_limit_allows_ten_firings_a_minute()
    {
        var scene = TestScenes.Make("busy", LampOn);
        var engine = EngineWith(scene);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(engine.Admit(Candidate(scene), T0.AddSeconds(i)).Runs);
        }

        var eleventh = engine.Admit(Candidate(scene), T0.AddSeconds(10));
        Assert.True(eleventh.LoopStopped);
        Assert.Equal("busy: 10 firings within 1m", eleventh.Reason);
    }

    [Fact]
    public void Firings_older_than_the_window_no_longer_count()
    {
        var scene = TestScenes.Make("steady", LampOn) with { Limit = new FiringLimit(2, TimeSpan.FromMinutes(1)) };
        var engine = EngineWith(scene);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(engine.Admit(Candidate(scene), T0.AddSeconds(40 * i)).Runs);
        }
    }
}
