using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Property and mode conditions, and all/any/not in three values: a value nobody knows is unknown, not false.</summary>
public sealed class ConditionLogicTests
{
    private static readonly DateTimeOffset Now = TestScenes.Monday10;

    private static readonly SceneCondition Yes = new ModeCondition(["home"]);
    private static readonly SceneCondition No = new ModeCondition(["away"]);
    private static readonly SceneCondition NotKnown = new PropertyCondition("purifier", "3.6", Comparison.Above, SceneValue.Of(75));

    private static Truth Evaluate(SceneCondition? condition, FakeWorld? world = null, List<SceneNeed>? needs = null) =>
        ConditionEvaluator.Evaluate(condition, world ?? new FakeWorld(), Now, needs);

    [Fact]
    public void No_condition_holds()
    {
        Assert.Equal(Truth.True, Evaluate(null));
    }

    [Theory]
    [InlineData(Comparison.Equals, 40, Truth.True)]
    [InlineData(Comparison.Equals, 41, Truth.False)]
    [InlineData(Comparison.NotEquals, 41, Truth.True)]
    [InlineData(Comparison.NotEquals, 40, Truth.False)]
    [InlineData(Comparison.Above, 39, Truth.True)]
    [InlineData(Comparison.Above, 40, Truth.False)]
    [InlineData(Comparison.Below, 41, Truth.True)]
    [InlineData(Comparison.Below, 40, Truth.False)]
    [InlineData(Comparison.AtLeast, 40, Truth.True)]
    [InlineData(Comparison.AtLeast, 41, Truth.False)]
    [InlineData(Comparison.AtMost, 40, Truth.True)]
    [InlineData(Comparison.AtMost, 39, Truth.False)]
    public void A_property_condition_compares_the_known_value(Comparison comparison, double expected, Truth truth)
    {
        var world = new FakeWorld().With("purifier", "3.6", SceneValue.Of(40));

        Assert.Equal(truth, Evaluate(new PropertyCondition("purifier", "3.6", comparison, SceneValue.Of(expected)), world));
    }

    [Fact]
    public void Equality_is_as_a_user_means_it_for_bools_numbers_and_text()
    {
        var world = new FakeWorld().With("lamp", "2.1", SceneValue.Of(1)).With("ac", "2.2", SceneValue.Of("cool"));

        Assert.Equal(Truth.True, Evaluate(new PropertyCondition("lamp", "2.1", Comparison.Equals, SceneValue.Of(true)), world));
        Assert.Equal(Truth.True, Evaluate(new PropertyCondition("ac", "2.2", Comparison.Equals, SceneValue.Of("cool")), world));
        Assert.Equal(Truth.False, Evaluate(new PropertyCondition("ac", "2.2", Comparison.Equals, SceneValue.Of("Cool")), world));
        Assert.Equal(Truth.False, Evaluate(new PropertyCondition("ac", "2.2", Comparison.Above, SceneValue.Of(1)), world));
    }

    [Fact]
    public void A_property_not_known_is_unknown_and_named_as_a_need()
    {
        var needs = new List<SceneNeed>();

        Assert.Equal(Truth.Unknown, Evaluate(NotKnown, needs: needs));
        Assert.Equal([new PropertyNeed("purifier", "3.6")], needs);
    }

    [Fact]
    public void A_mode_condition_holds_in_any_of_its_modes_whatever_the_case()
    {
        var world = new FakeWorld { Mode = "Sleep" };

        Assert.Equal(Truth.True, Evaluate(new ModeCondition(["home", "sleep"]), world));
        Assert.Equal(Truth.False, Evaluate(new ModeCondition(["away", "armed"]), world));
    }

    [Fact]
    public void All_is_false_when_one_is_false_even_if_others_are_unknown()
    {
        Assert.Equal(Truth.False, Evaluate(new AllCondition([NotKnown, No, Yes])));
        Assert.Equal(Truth.Unknown, Evaluate(new AllCondition([Yes, NotKnown])));
        Assert.Equal(Truth.True, Evaluate(new AllCondition([Yes, Yes])));
        Assert.Equal(Truth.True, Evaluate(new AllCondition([])));
    }

    [Fact]
    public void Any_is_true_when_one_is_true_even_if_others_are_unknown()
    {
        Assert.Equal(Truth.True, Evaluate(new AnyCondition([NotKnown, No, Yes])));
        Assert.Equal(Truth.Unknown, Evaluate(new AnyCondition([No, NotKnown])));
        Assert.Equal(Truth.False, Evaluate(new AnyCondition([No, No])));
    }

    [Fact]
    public void Not_turns_true_and_false_round_and_leaves_unknown_unknown()
    {
        Assert.Equal(Truth.False, Evaluate(new NotCondition(Yes)));
        Assert.Equal(Truth.True, Evaluate(new NotCondition(No)));
        Assert.Equal(Truth.Unknown, Evaluate(new NotCondition(NotKnown)));
        Assert.Equal(Truth.Unknown, Evaluate(new NotCondition(new AllCondition([Yes, NotKnown]))));
    }

    [Fact]
    public void Needs_name_everything_missing_that_could_decide_the_answer()
    {
        var needs = new List<SceneNeed>();
        var condition = new AllCondition(
        [
            new PropertyCondition("purifier", "3.6", Comparison.Above, SceneValue.Of(75)),
            new AnyCondition([new PresenceCondition("alice", PresenceTest.Home), new VehicleCondition("su7") { Charging = true }]),
            new NotCondition(new PropertyCondition("lamp", "2.1", Comparison.Equals, SceneValue.Of(true))),
        ]);

        Assert.Equal(Truth.Unknown, Evaluate(condition, needs: needs));
        Assert.Equal(
            [new PropertyNeed("purifier", "3.6"), new PersonNeed("alice"), new VehicleNeed("su7"), new PropertyNeed("lamp", "2.1")],
            needs);
    }

    [Fact]
    public void Once_the_needs_are_known_the_same_condition_decides()
    {
        var condition = new AllCondition([NotKnown, new NotCondition(new PropertyCondition("lamp", "2.1", Comparison.Equals, SceneValue.Of(true)))]);
        var world = new FakeWorld().With("purifier", "3.6", SceneValue.Of(90)).With("lamp", "2.1", SceneValue.Of(false));
        var needs = new List<SceneNeed>();

        Assert.Equal(Truth.True, Evaluate(condition, world, needs));
        Assert.Empty(needs);
    }
}
