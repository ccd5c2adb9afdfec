using AIoT.Scenes.Model;
using AIoT.Scenes.Validation;

namespace AIoT.Scenes.Tests.Support;

/// <summary>Validates against <see cref="FakeVocabulary"/> and finds problems by path.</summary>
internal static class FakeHouseholdValidation
{
    public static readonly SceneTrigger AnyTrigger = new ModeTrigger { To = "away" };

    public static (SceneDefinition Normalised, IReadOnlyList<SceneProblem> Problems) Validate(SceneDefinition scene, params string[] otherScenes) =>
        SceneValidator.Validate(scene, new FakeVocabulary(), otherScenes);

    public static IReadOnlyList<SceneProblem> ProblemsOf(SceneDefinition scene, params string[] otherScenes) => Validate(scene, otherScenes).Problems;

    public static IReadOnlyList<SceneProblem> ProblemsOfTrigger(SceneTrigger trigger) => ProblemsOf(TestScenes.Make("s", [trigger], null, TestScenes.NotifyOnly));

    public static IReadOnlyList<SceneProblem> ProblemsOfCondition(SceneCondition condition) => ProblemsOf(TestScenes.Make("s", [AnyTrigger], condition, TestScenes.NotifyOnly));

    public static IReadOnlyList<SceneProblem> ProblemsOfAction(SceneAction action, params string[] otherScenes) =>
        ProblemsOf(TestScenes.Make("s", [AnyTrigger], null, [action]), otherScenes);

    /// <summary>The one problem there is: at this path, its message containing every fragment given.</summary>
    public static SceneProblem Only(IReadOnlyList<SceneProblem> problems, string path, params string[] fragments)
    {
        var problem = Assert.Single(problems);
        Assert.Equal(path, problem.Path);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, problem.Message, StringComparison.Ordinal);
        }

        return problem;
    }
}
