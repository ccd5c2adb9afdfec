using AIoT.Scenes.Validation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace AIoT.Scenes.Tests.Files;

/// <summary>A file's problems cross grain calls (a household refusing a scene file) with their line and column.</summary>
public sealed class SceneProblemSerializationTests
{
    [Fact]
    public void A_problem_keeps_its_path_message_line_and_column_through_Orleans_serialization()
    {
        var problem = new SceneProblem("triggers[1].above", "expected a number, got 'hot'.") { Line = 12, Column = 12 };
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<SceneProblem>(serializer.SerializeToArray(problem));

        Assert.Equal(problem, copy);
        Assert.Equal("line 12, triggers[1].above: expected a number, got 'hot'.", copy!.ToString());
    }
}
