using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>A scene whose trigger fired; its conditions are checked next.</summary>
public sealed record SceneCandidate(SceneDefinition Scene, string Trigger, SceneChain Chain);

/// <summary>The actions of a firing still to run after a delay.</summary>
public sealed record PendingRun(SceneDefinition Scene, int NextAction, string Trigger, SceneChain Chain, IReadOnlyList<ActionOutcome> Done, DateTimeOffset FiredAt);
