using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Households.Scenes;

/// <summary>A household's scenes, kept as a second state of its grain so that telemetry writes do not rewrite them.</summary>
[GenerateSerializer]
public sealed class HouseholdScenesState
{
    [Id(0)]
    public List<SceneDefinition> Scenes { get; set; } = [];

    /// <summary>The most recent notifications scenes sent, newest last.</summary>
    [Id(1)]
    public List<SceneNotification> Notifications { get; set; } = [];
}

[GenerateSerializer, Immutable]
public sealed record SceneNotification(DateTimeOffset At, string SceneId, string Message);
