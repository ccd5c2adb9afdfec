using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Time-of-day, sun and schedule triggers: when the agenda holds them, what a tick offers, and when they come next.</summary>
public sealed class TimedTriggerTests
{
    private static SceneEngine EngineAt(DateTimeOffset now, params SceneDefinition[] scenes)
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load(scenes, now);
        return engine;
    }

    private static DateTimeOffset Local(int month, int day, int hour, int minute) => TestScenes.Beijing(2026, month, day, hour, minute);

    [Fact]
    public void A_time_trigger_is_due_at_its_next_time_on_one_of_its_days_and_fires_at_it_then_moves_on()
    {
        // Monday 22 June 10:00: 07:30 on weekdays is next on Tuesday.
        var engine = EngineAt(TestScenes.Monday10, TestScenes.Make("wake", new TimeTrigger(DayTime.At(new TimeOnly(7, 30))) { Days = DaySet.Weekdays }));

        Assert.Equal(Local(6, 23, 7, 30), engine.NextDue);
        Assert.Empty(engine.OnTick(Local(6, 23, 7, 29)).Candidates);

        var candidate = Assert.Single(engine.OnTick(Local(6, 23, 7, 30)).Candidates);

        Assert.Equal("wake", candidate.Scene.Id);
        Assert.Equal("time 07:30", candidate.Trigger);
        Assert.Empty(candidate.Chain.Scenes);
        Assert.Equal(Local(6, 24, 7, 30), engine.NextDue);
    }

    [Fact]
    public void A_time_trigger_on_weekdays_skips_the_weekend()
    {
        var engine = EngineAt(Local(6, 26, 8, 0), TestScenes.Make("wake", new TimeTrigger(DayTime.At(new TimeOnly(7, 30))) { Days = DaySet.Weekdays }));

        Assert.Equal(DayOfWeek.Friday, Local(6, 26, 8, 0).DayOfWeek);
        Assert.Equal(Local(6, 29, 7, 30), engine.NextDue);
    }

    [Fact]
    public void A_time_later_today_is_due_today()
    {
        var engine = EngineAt(Local(6, 22, 6, 0), TestScenes.Make("wake", new TimeTrigger(DayTime.At(new TimeOnly(7, 30)))));

        Assert.Equal(Local(6, 22, 7, 30), engine.NextDue);
    }

    [Fact]
    public void A_sunset_trigger_with_an_offset_is_due_that_long_before_todays_sunset()
    {
        var engine = EngineAt(TestScenes.Monday10, TestScenes.Make("dusk", new TimeTrigger(DayTime.Sunset(TimeSpan.FromMinutes(-30)))));
        var sunset = SceneClock.Beijing.On(new DateOnly(2026, 6, 22), DayTime.Sunset(TimeSpan.Zero))!.Value;

        Assert.Equal(sunset.AddMinutes(-30), engine.NextDue);
        Assert.InRange(engine.NextDue!.Value, Local(6, 22, 19, 13), Local(6, 22, 19, 20));
        Assert.Equal("time sunset-30m", Assert.Single(engine.OnTick(engine.NextDue.Value).Candidates).Trigger);
    }

    [Fact]
    public void A_sunrise_trigger_already_past_today_is_due_at_tomorrows_sunrise()
    {
        var engine = EngineAt(TestScenes.Monday10, TestScenes.Make("dawn", new TimeTrigger(DayTime.Sunrise(TimeSpan.FromMinutes(15)))));
        var tomorrow = SceneClock.Beijing.On(new DateOnly(2026, 6, 23), DayTime.Sunrise(TimeSpan.Zero))!.Value;

        Assert.Equal(tomorrow.AddMinutes(15), engine.NextDue);
    }

    [Fact]
    public void A_sun_trigger_where_the_sun_does_not_set_is_never_due()
    {
        var tromso = new SceneClock(TimeSpan.FromHours(2), 69.6492, 18.9553);
        var engine = new SceneEngine(tromso);

        engine.Load([TestScenes.Make("dusk", new TimeTrigger(DayTime.Sunset(TimeSpan.Zero)))], new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.FromHours(2)));

        Assert.Null(engine.NextDue);
    }

    [Fact]
    public void A_schedule_ticks_every_15_minutes_counted_from_local_midnight()
    {
        var engine = EngineAt(Local(6, 22, 10, 7), TestScenes.Make("every-15", new ScheduleTrigger(TimeSpan.FromMinutes(15))));

        Assert.Equal(Local(6, 22, 10, 15), engine.NextDue);
        Assert.Equal("every 15m", Assert.Single(engine.OnTick(Local(6, 22, 10, 15)).Candidates).Trigger);
        Assert.Equal(Local(6, 22, 10, 30), engine.NextDue);
        Assert.Empty(engine.OnTick(Local(6, 22, 10, 29)).Candidates);
        Assert.Single(engine.OnTick(Local(6, 22, 10, 30)).Candidates);
        Assert.Equal(Local(6, 22, 10, 45), engine.NextDue);
    }

    [Fact]
    public void A_late_tick_fires_a_schedule_once_and_moves_it_to_the_next_tick_after_now()
    {
        var engine = EngineAt(Local(6, 22, 10, 7), TestScenes.Make("every-15", new ScheduleTrigger(TimeSpan.FromMinutes(15))));

        // The 10:15 timer comes an hour late (a busy silo): one firing, not a burst of the four ticks missed.
        Assert.Single(engine.OnTick(Local(6, 22, 11, 16)).Candidates);
        Assert.Equal(Local(6, 22, 11, 30), engine.NextDue);
        Assert.Empty(engine.OnTick(Local(6, 22, 11, 16)).Candidates);
    }

    [Fact]
    public void A_schedule_exactly_on_a_tick_is_next_due_at_the_following_tick()
    {
        Assert.Equal(Local(6, 22, 10, 15), SceneClock.Beijing.NextTick(TimeSpan.FromMinutes(15), DaySet.Every, Local(6, 22, 10, 0)));
    }

    [Fact]
    public void A_schedule_that_does_not_divide_the_day_restarts_at_midnight()
    {
        var clock = SceneClock.Beijing;

        Assert.Equal(Local(6, 22, 10, 2), clock.NextTick(TimeSpan.FromMinutes(7), DaySet.Every, Local(6, 22, 10, 0)));
        Assert.Equal(Local(6, 23, 0, 0), clock.NextTick(TimeSpan.FromMinutes(7), DaySet.Every, Local(6, 22, 23, 55)));
    }

    [Fact]
    public void A_schedule_on_given_days_waits_for_the_next_of_those_days_at_midnight()
    {
        var clock = SceneClock.Beijing;

        Assert.Equal(Local(6, 23, 0, 0), clock.NextTick(TimeSpan.FromMinutes(15), DaySet.Every, Local(6, 22, 23, 45)));
        Assert.Equal(Local(6, 29, 0, 0), clock.NextTick(TimeSpan.FromMinutes(15), DaySet.Weekdays, Local(6, 26, 23, 50)));
        Assert.Equal(Local(6, 27, 0, 0), clock.NextTick(TimeSpan.FromMinutes(15), DaySet.Weekend, TestScenes.Monday10));
    }

    [Fact]
    public void A_disabled_scenes_time_trigger_is_not_in_the_agenda()
    {
        var engine = EngineAt(TestScenes.Monday10, TestScenes.Make("wake", new TimeTrigger(DayTime.At(new TimeOnly(7, 30)))) with { Enabled = false });

        Assert.Null(engine.NextDue);
    }

    [Fact]
    public void Reloading_a_changed_scene_reschedules_its_time_and_an_unchanged_one_keeps_it()
    {
        var wake = TestScenes.Make("wake", new TimeTrigger(DayTime.At(new TimeOnly(7, 30))));
        var engine = EngineAt(TestScenes.Monday10, wake);

        engine.Load([wake], TestScenes.Monday10.AddHours(1));
        Assert.Equal(Local(6, 23, 7, 30), engine.NextDue);

        engine.Load([wake with { Triggers = [new TimeTrigger(DayTime.At(new TimeOnly(6, 0)))] }], TestScenes.Monday10.AddHours(1));
        Assert.Equal(Local(6, 23, 6, 0), engine.NextDue);

        engine.Load([], TestScenes.Monday10.AddHours(1));
        Assert.Null(engine.NextDue);
    }
}
