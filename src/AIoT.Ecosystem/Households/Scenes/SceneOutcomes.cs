using AIoT.Scenes.Engine;

namespace AIoT.Ecosystem.Households.Scenes;

/// <summary>A firing's actions that were not done, in one line: "2 of 9 actions not done: 2 offline (d2, d3)".</summary>
internal static class SceneOutcomes
{
    private const int TargetsNamed = 5;

    public static string? Summarise(IReadOnlyList<ActionOutcome> outcomes)
    {
        var notDone = outcomes.Where(o => o.Status is ActionStatus.Failed or ActionStatus.Refused or ActionStatus.Offline).ToList();
        if (notDone.Count == 0)
        {
            return null;
        }

        var groups = notDone.GroupBy(o => o.Status).Select(g =>
        {
            var targets = g.Select(o => string.IsNullOrEmpty(o.Target) ? o.Action : o.Target).Distinct().ToList();
            var named = string.Join(", ", targets.Take(TargetsNamed)) + (targets.Count > TargetsNamed ? $" and {targets.Count - TargetsNamed} more" : "");
            var first = g.First().Detail;
            return $"{g.Count()} {g.Key.ToString().ToLowerInvariant()} ({named}){(g.Key == ActionStatus.Offline || first is null ? "" : $": {first}")}";
        });
        return $"{notDone.Count} of {outcomes.Count} actions not done: {string.Join("; ", groups)}";
    }
}
