namespace AIoT.Scenes.Model;

/// <summary>
/// One if-then automation of a household: when any trigger fires and the condition holds, the actions run in order.
/// Stored in the household's grain state as written (device ids, MIoT keys or aliases); compiled against the catalog
/// when the household activates or the scene is saved.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SceneDefinition(
    string Id,
    string Name,
    IReadOnlyList<SceneTrigger> Triggers,
    SceneCondition? Condition,
    IReadOnlyList<SceneAction> Actions)
{
    [Id(0)]
    public bool Enabled { get; init; } = true;

    /// <summary>After a firing, the scene does not fire again for this long.</summary>
    [Id(1)]
    public TimeSpan Cooldown { get; init; }

    /// <summary>A trigger waits this long for quiet; triggers in the meantime restart the wait; then the scene fires once.</summary>
    [Id(2)]
    public TimeSpan Debounce { get; init; }

    /// <summary>More firings than this in the window stop the scene for the rest of the window: a loop breaker.</summary>
    [Id(3)]
    public FiringLimit Limit { get; init; } = FiringLimit.Default;

    [Id(4)]
    public string? Description { get; init; }

    /// <summary>The template a suggestion made it from, if any.</summary>
    [Id(5)]
    public string? Template { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record FiringLimit(int Firings, TimeSpan Window)
{
    /// <summary>As Home Assistant's scripts: at most 10 runs; here within a minute.</summary>
    public static readonly FiringLimit Default = new(10, TimeSpan.FromMinutes(1));
}
