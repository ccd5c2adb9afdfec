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

    internal IReadOnlyDictionary<string, (int Line, int Column)> Locations { get; init; } = new Dictionary<string, (int, int)>();

    /// <summary>
    /// Places a problem found after reading, such as one of <see cref="Validation.SceneValidator"/>'s for
    /// <c>Scenes[sceneIndex]</c>, in this file: with the line and column of its field (or of the nearest enclosing one),
    /// and in a file of scenes with its <c>scenes[i].</c> path.
    /// </summary>
    public SceneProblem Locate(int sceneIndex, SceneProblem problem)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sceneIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sceneIndex, Scenes.Count);
        var prefix = IsSceneList ? $"scenes[{sceneIndex}]" : "";
        var path = prefix.Length == 0 ? problem.Path : $"{prefix}.{problem.Path}";
        var place = FileLocations.Find(Locations, path) ?? FileLocations.Find(Locations, prefix);
        return problem with { Path = path, Line = place?.Line ?? problem.Line, Column = place?.Column ?? problem.Column };
    }

    internal static SceneFileResult Failed(IReadOnlyList<SceneProblem> problems) => new([], problems);
}
