using AIoT.Scenes.Model;
using AIoT.Scenes.Templates;

namespace AIoT.Scenes.Tests.Templates;

public sealed class SceneIdPartsTests
{
    [Fact]
    public void Ids_drop_the_households_prefix_and_turn_anything_else_into_valid_characters()
    {
        var home = new HouseholdProfile("hh-0000001", "Beijing", [], [], [], []);

        Assert.Equal("p2", SceneIdParts.Short(home, "hh-0000001-p2"));
        Assert.Equal("other-p2", SceneIdParts.Short(home, "other-p2"));
        Assert.Equal("leak-valve-master-bath-room", SceneIdParts.Make("leak-valve", "Master Bath/Room!"));
    }

    [Fact]
    public void Ids_too_long_for_a_scene_are_shortened_to_valid_and_still_distinct_ones_the_same_each_time()
    {
        var longer = new string('x', 80);

        var a = SceneIdParts.Make("sleep-lights-ac", longer + "a");
        var b = SceneIdParts.Make("sleep-lights-ac", longer + "b");

        Assert.True(SceneIds.IsValid(a), a);
        Assert.True(SceneIds.IsValid(b), b);
        Assert.NotEqual(a, b);
        Assert.Equal(a, SceneIdParts.Make("sleep-lights-ac", longer + "a"));
    }
}
