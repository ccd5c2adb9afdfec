using AIoT.Scenes.Model;
using AIoT.Scenes.Validation;

namespace AIoT.Scenes.Files;

/// <summary>
/// What a scene file holds: its scenes, or the problems that stop it. With any problem, no scene is usable: a file is
/// taken whole or not at all.
/// </summary>
public sealed record SceneFileResult(IReadOnlyList<SceneDefinition> Scenes, IReadOnlyList<SceneProblem> Problems)
{
    /// <summary>True when the file used <c>scenes:</c> (a list), false for a file that is one scene.</summary>
    public bool IsSceneList { get; init; }

    public bool Succeeded => Problems.Count == 0;

    internal static SceneFileResult Failed(IReadOnlyList<SceneProblem> problems) => new([], problems);
}
