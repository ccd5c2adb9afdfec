using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Which changes of a property a property trigger fires on: to/from, thresholds crossed from outside, any change.</summary>
public sealed class PropertyTriggerMatchTests
{
    private static readonly SceneValue On = SceneValue.Of(true);
    private static readonly SceneValue Off = SceneValue.Of(false);

    private static PropertyChange Change(SceneValue? old, SceneValue now) => new("2.1", old, now);

    private static PropertyChange Change(double? old, double now) => new("3.6", old is { } o ? SceneValue.Of(o) : null, SceneValue.Of(now));

    [Fact]
    public void A_to_trigger_fires_when_the_value_becomes_the_target_and_not_when_it_leaves_it_or_stays()
    {
        var trigger = new PropertyTrigger("lamp", "2.1") { To = On };

        Assert.True(TriggerMatch.Fires(trigger, Change(Off, On)));
        Assert.True(TriggerMatch.Fires(trigger, Change(null, On)));
        Assert.False(TriggerMatch.Fires(trigger, Change(On, Off)));
        Assert.False(TriggerMatch.Fires(trigger, Change(On, On)));
        Assert.False(TriggerMatch.Fires(trigger, Change(null, Off)));
    }

    [Fact]
    public void A_from_trigger_fires_when_the_value_leaves_it_whatever_it_becomes()
    {
        var trigger = new PropertyTrigger("ac", "2.2") { From = SceneValue.Of("off") };

        Assert.True(TriggerMatch.Fires(trigger, Change(SceneValue.Of("off"), SceneValue.Of("cool"))));
        Assert.True(TriggerMatch.Fires(trigger, Change(SceneValue.Of("off"), SceneValue.Of("heat"))));
        Assert.False(TriggerMatch.Fires(trigger, Change(SceneValue.Of("cool"), SceneValue.Of("heat"))));
        Assert.False(TriggerMatch.Fires(trigger, Change(SceneValue.Of("cool"), SceneValue.Of("off"))));
        Assert.False(TriggerMatch.Fires(trigger, Change(null, SceneValue.Of("cool"))));
    }

    [Fact]
    public void A_from_to_trigger_fires_only_on_that_pair()
    {
        var trigger = new PropertyTrigger("ac", "2.2") { From = SceneValue.Of("off"), To = SceneValue.Of("cool") };

        Assert.True(TriggerMatch.Fires(trigger, Change(SceneValue.Of("off"), SceneValue.Of("cool"))));
        Assert.False(TriggerMatch.Fires(trigger, Change(SceneValue.Of("off"), SceneValue.Of("heat"))));
        Assert.False(TriggerMatch.Fires(trigger, Change(SceneValue.Of("heat"), SceneValue.Of("cool"))));
        Assert.False(TriggerMatch.Fires(trigger, Change(null, SceneValue.Of("cool"))));
    }

    [Fact]
    public void An_above_trigger_fires_on_crossing_the_threshold_upwards_and_not_again_while_it_stays_above()
    {
        var trigger = new PropertyTrigger("purifier", "3.6") { Above = 75 };

        Assert.True(TriggerMatch.Fires(trigger, Change(70, 80)));
        Assert.False(TriggerMatch.Fires(trigger, Change(80, 120)));
        Assert.False(TriggerMatch.Fires(trigger, Change(120, 76)));
        Assert.False(TriggerMatch.Fires(trigger, Change(76, 40)));
        Assert.True(TriggerMatch.Fires(trigger, Change(40, 76)));
        Assert.False(TriggerMatch.Fires(trigger, Change(70, 75)));
        Assert.True(TriggerMatch.Fires(trigger, Change(null, 90)));
    }

    [Fact]
    public void A_below_trigger_fires_on_crossing_the_threshold_downwards_only()
    {
        var trigger = new PropertyTrigger("purifier", "3.7") { Below = 30 };

        Assert.True(TriggerMatch.Fires(trigger, Change(35, 29)));
        Assert.False(TriggerMatch.Fires(trigger, Change(29, 20)));
        Assert.False(TriggerMatch.Fires(trigger, Change(20, 31)));
        Assert.False(TriggerMatch.Fires(trigger, Change(35, 30)));
    }

    [Fact]
    public void A_range_trigger_fires_on_entering_the_range_from_either_side_and_not_on_jumping_over_it()
    {
        var trigger = new PropertyTrigger("purifier", "3.7") { Above = 40, Below = 60 };

        Assert.True(TriggerMatch.Fires(trigger, Change(30, 50)));
        Assert.True(TriggerMatch.Fires(trigger, Change(70, 50)));
        Assert.False(TriggerMatch.Fires(trigger, Change(50, 55)));
        Assert.False(TriggerMatch.Fires(trigger, Change(30, 70)));
        Assert.False(TriggerMatch.Fires(trigger, Change(50, 70)));
    }

    [Fact]
    public void A_threshold_never_fires_on_a_value_that_is_not_a_number()
    {
        var trigger = new PropertyTrigger("purifier", "3.6") { Above = 75 };

        Assert.False(TriggerMatch.Fires(trigger, new PropertyChange("3.6", SceneValue.Of(10), SceneValue.Of("high"))));
        Assert.False(TriggerMatch.Fires(trigger, new PropertyChange("3.6", SceneValue.Of(10), On)));
    }

    [Fact]
    public void A_trigger_with_no_test_fires_on_every_change_but_not_on_a_report_of_the_same_value()
    {
        var trigger = new PropertyTrigger("lamp", "2.2");

        Assert.True(TriggerMatch.Fires(trigger, Change(10, 20)));
        Assert.True(TriggerMatch.Fires(trigger, Change(20, 10)));
        Assert.True(TriggerMatch.Fires(trigger, Change(null, 10)));
        Assert.False(TriggerMatch.Fires(trigger, Change(20, 20)));
    }

    [Fact]
    public void A_bool_target_matches_a_device_that_reports_the_bool_as_a_number()
    {
        var trigger = new PropertyTrigger("lamp", "2.1") { To = On };

        Assert.True(TriggerMatch.Fires(trigger, new PropertyChange("2.1", SceneValue.Of(0), SceneValue.Of(1))));
        Assert.False(TriggerMatch.Fires(trigger, new PropertyChange("2.1", SceneValue.Of(1), SceneValue.Of(0))));
    }
}
