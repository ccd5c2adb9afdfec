using AIoT.Scenes.Model;

namespace AIoT.Scenes.Tests.Support;

/// <summary>Short ways to write the scenes and moments tests need.</summary>
internal static class TestScenes
{
    public static readonly IReadOnlyList<SceneAction> NotifyOnly = [new NotifyAction("it happened")];

    public static SceneDefinition Make(string id, SceneTrigger trigger, SceneCondition? condition = null) =>
        new(id, id, [trigger], condition, NotifyOnly);

    public static SceneDefinition Make(string id, IReadOnlyList<SceneTrigger> triggers, SceneCondition? condition, IReadOnlyList<SceneAction> actions) =>
        new(id, id, triggers, condition, actions);

    /// <summary>Local time in Beijing (UTC+8), the offset <see cref="AIoT.Scenes.Time.SceneClock.Beijing"/> uses.</summary>
    public static DateTimeOffset Beijing(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(8));

    /// <summary>Monday 22 June 2026, 10:00 in Beijing.</summary>
    public static readonly DateTimeOffset Monday10 = Beijing(2026, 6, 22, 10, 0);
}
