using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Templates;
using AIoT.Scenes.Validation;

namespace AIoT.Ecosystem.Households.Scenes;

/// <summary>Saving a scene: the scene as stored (names normalised to MIoT keys) or every problem found; nothing is saved with a problem.</summary>
[GenerateSerializer, Immutable]
public sealed record SceneSaveResult(SceneDefinition? Saved, IReadOnlyList<SceneProblem> Problems)
{
    public bool IsSaved => Saved is not null && Problems.Count == 0;
}

/// <summary>Saving several scenes: one result each, in order; saved only when every one is.</summary>
[GenerateSerializer, Immutable]
public sealed record SceneSaveResults(IReadOnlyList<SceneSaveResult> Results)
{
    public bool AreSaved => Results.All(r => r.IsSaved);
}

/// <summary>A scene as listed: its definition and how it runs now.</summary>
[GenerateSerializer, Immutable]
public sealed record SceneStatus(SceneDefinition Scene, DateTimeOffset? LastFired, DateTimeOffset? StoppedUntil);

/// <summary>What a household's scenes did lately, newest last (firings, triggered scenes that did not run and why, notifications), and what they wait for.</summary>
[GenerateSerializer, Immutable]
public sealed record SceneActivity(IReadOnlyList<SceneFiring> Firings, IReadOnlyList<SceneSkip> Skipped, IReadOnlyList<SceneNotification> Notifications, IReadOnlyList<SceneWait> Waiting);

/// <summary>A suggestion, and whether the household already has a scene with its id.</summary>
[GenerateSerializer, Immutable]
public sealed record SuggestedScene(SceneSuggestion Suggestion, bool Installed);
