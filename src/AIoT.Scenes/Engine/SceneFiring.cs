namespace AIoT.Scenes.Engine;

[GenerateSerializer]
public enum ActionStatus
{
    Ok,

    /// <summary>The device refused it (a MIoT error code and its reason).</summary>
    Refused,

    /// <summary>The device is not connected; nothing was sent.</summary>
    Offline,

    /// <summary>The call failed (an exception); later actions still ran.</summary>
    Failed,

    /// <summary>A delay: the rest of the actions continue at the time given.</summary>
    Waiting,

    /// <summary>Not run: the scene was removed or stopped while it waited.</summary>
    Skipped,
}

/// <summary>The result of one action of a firing.</summary>
[GenerateSerializer, Immutable]
public sealed record ActionOutcome(int Index, string Action, string Target, ActionStatus Status, string? Detail);

/// <summary>One run of a scene: what fired it, the chain of scenes behind it, and each action's result in order.</summary>
[GenerateSerializer, Immutable]
public sealed record SceneFiring(string SceneId, DateTimeOffset At, string Trigger, string Chain, IReadOnlyList<ActionOutcome> Outcomes)
{
    public bool Succeeded => Outcomes.All(o => o.Status is ActionStatus.Ok or ActionStatus.Waiting);
}

/// <summary>A trigger that matched but did not run its scene, and why: conditions false or unknown, cooldown, disabled, a loop stopped.</summary>
[GenerateSerializer, Immutable]
public sealed record SceneSkip(string SceneId, DateTimeOffset At, string Trigger, string Reason);

/// <summary>Something a scene waits for: a time trigger, a property that must hold, a debounce, the rest of its actions after a delay.</summary>
[GenerateSerializer, Immutable]
public sealed record SceneWait(string SceneId, string Kind, string What, DateTimeOffset Until);
