using System.Text.Json.Nodes;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Files;
using AIoT.Scenes.Model;
using AIoT.Scenes.Validation;

namespace AIoT.Host.Web;

/// <summary>A scene as the API lists it: the file format's JSON in <see cref="Scene"/>, beside how it runs now.</summary>
public sealed record SceneListing(string Id, string Name, bool Enabled, DateTimeOffset? LastFired, DateTimeOffset? StoppedUntil, JsonNode Scene)
{
    internal static SceneListing Of(SceneStatus status) =>
        new(status.Scene.Id, status.Scene.Name, status.Scene.Enabled, status.LastFired, status.StoppedUntil, SceneJson.Of(status.Scene));
}

/// <summary>GET /api/households/{household}/scenes.</summary>
public sealed record SceneList(string Household, IReadOnlyList<SceneListing> Scenes);

/// <summary>A scene as saved (names normalised to MIoT keys), and whether it replaced one with its id.</summary>
public sealed record SavedScene(string Id, string Name, bool Replaced, JsonNode Scene);

/// <summary>POST /api/households/{household}/scenes: every scene of the file, saved in one write.</summary>
public sealed record SavedScenes(string Household, IReadOnlyList<SavedScene> Scenes);

/// <summary>One thing wrong with a scene file: its line and column in the file (when known), the field's path, and why.</summary>
public sealed record SceneFileProblem(int? Line, int? Column, string Path, string Message)
{
    internal static SceneFileProblem Of(SceneProblem problem) => new(problem.Line, problem.Column, problem.Path, problem.Message);

    /// <summary>As compilers print it, so editors and terminals jump to the spot: <c>file:line:column: path: message</c>.</summary>
    public string ToString(string file) => Line is { } line ? $"{file}:{line}:{Column ?? 1}: {Path}: {Message}" : $"{file}: {Path}: {Message}";
}

/// <summary>POST /api/scenes/validate when the file is good.</summary>
public sealed record SceneValidation(bool Valid, string? Household, IReadOnlyList<string> Scenes);

/// <summary>The result of one action of a firing; <see cref="Status"/> is ok, refused, offline, failed, waiting or skipped.</summary>
public sealed record SceneActionOutcome(int Index, string Action, string Target, string Status, string? Detail);

/// <summary>One run of a scene, with each action's outcome in order.</summary>
public sealed record SceneFiringView(string SceneId, DateTimeOffset At, string Trigger, string Chain, bool Succeeded, IReadOnlyList<SceneActionOutcome> Outcomes)
{
    internal static SceneFiringView Of(SceneFiring firing) => new(
        firing.SceneId, firing.At, firing.Trigger, firing.Chain, firing.Succeeded,
        [.. firing.Outcomes.Select(o => new SceneActionOutcome(o.Index, o.Action, o.Target, o.Status.ToString().ToLowerInvariant(), o.Detail))]);
}

/// <summary>GET /api/households/{household}/scenes/activity, each list newest last.</summary>
public sealed record SceneActivityView(
    IReadOnlyList<SceneFiringView> Firings, IReadOnlyList<SceneSkip> Skipped, IReadOnlyList<SceneNotification> Notifications, IReadOnlyList<SceneWait> Waiting);

/// <summary>A scene suggested for the household, why, and whether a scene with its id is installed.</summary>
public sealed record SceneSuggestionView(string Id, string Name, string Template, string Reason, bool Installed, JsonNode Scene)
{
    internal static SceneSuggestionView Of(SuggestedScene suggested) => new(
        suggested.Suggestion.Scene.Id, suggested.Suggestion.Scene.Name, suggested.Suggestion.TemplateId, suggested.Suggestion.Reason, suggested.Installed, SceneJson.Of(suggested.Suggestion.Scene));
}

/// <summary>GET /api/households/{household}/scenes/suggestions.</summary>
public sealed record SceneSuggestionList(string Household, IReadOnlyList<SceneSuggestionView> Suggestions);

internal static class SceneJson
{
    /// <summary>The scene as its JSON file would hold it, so what the API returns can be saved again as it is.</summary>
    public static JsonNode Of(SceneDefinition scene) => JsonNode.Parse(SceneFileWriter.Write(scene, SceneFileFormat.Json))!;
}
