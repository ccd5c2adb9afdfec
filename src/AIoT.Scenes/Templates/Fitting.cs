using AIoT.Scenes.Model;
using AIoT.Scenes.Validation;

namespace AIoT.Scenes.Templates;

/// <summary>The pieces templates build scenes from.</summary>
internal static class Fitting
{
    public static FittedScene Scene(
        string templateId, string id, string name, IReadOnlyList<SceneTrigger> triggers, SceneCondition? condition,
        IReadOnlyList<SceneAction> actions, string reason, TimeSpan cooldown = default) =>
        new(new SceneDefinition(id, name, triggers, condition, actions)
        {
            Template = templateId,
            Description = reason,
            Cooldown = cooldown,
        }, reason);

    public static SetAction Set(ProfileDevice device, string property, SceneValue value) => new(device.Id, [new PropertySetting(property, value)]);

    public static SetAction Set(ProfileDevice device, params (string Property, SceneValue Value)[] settings) =>
        new(device.Id, [.. settings.Select(s => new PropertySetting(s.Property, s.Value))]);

    /// <summary>Each light off, as many as a scene may hold beside <paramref name="otherActions"/> others.</summary>
    public static IEnumerable<SceneAction> LightsOff(IEnumerable<ProfileDevice> lights, int otherActions = 0) =>
        Off(lights, Aliases.LightOn, otherActions);

    /// <summary>A bool property of each device set false, as many as a scene may hold beside <paramref name="otherActions"/> others.</summary>
    public static IEnumerable<SceneAction> Off(IEnumerable<ProfileDevice> devices, string property, int otherActions = 0) =>
        devices.Take(SceneValidator.MaxActions - otherActions).Select(device => Set(device, property, SceneValue.Of(false)));

    public static readonly PresenceCondition NobodyHome = new(PresenceCondition.Everyone, PresenceTest.NotHome);
}
