using System.Globalization;
using System.Text.Json;
using AIoT.Host.Web;

namespace AIoT.Host.Cli;

/// <summary>How `aiot scenes` prints what the host answers: tables and lines for people; the file format for exports.</summary>
internal static class SceneOutput
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Print(SceneList list)
    {
        Console.WriteLine($"{"ID",-32} {"STATE",-26} {"LAST FIRED",-20} NAME");
        foreach (var scene in list.Scenes)
        {
            var state = scene.StoppedUntil is { } until ? $"stopped until {Time(until)}" : scene.Enabled ? "enabled" : "disabled";
            Console.WriteLine($"{scene.Id,-32} {state,-26} {(scene.LastFired is { } fired ? Time(fired) : "-"),-20} {scene.Name}");
        }

        Console.WriteLine($"{list.Scenes.Count} scene(s) in {list.Household}.");
    }

    public static void Print(SceneFiringView firing)
    {
        Console.WriteLine($"Fired {firing.SceneId} ({firing.Trigger}) at {Time(firing.At)}{(firing.Succeeded ? "" : "; not every action succeeded")}:");
        foreach (var outcome in firing.Outcomes)
        {
            Console.WriteLine($"  actions[{outcome.Index}] {outcome.Action}{(outcome.Target.Length > 0 ? " " + outcome.Target : "")}: {outcome.Status}{(string.IsNullOrEmpty(outcome.Detail) ? "" : $" ({outcome.Detail})")}");
        }
    }

    public static void Print(SceneActivityView activity)
    {
        Console.WriteLine($"Firings ({activity.Firings.Count}):");
        foreach (var firing in activity.Firings)
        {
            var failed = firing.Outcomes.Count(o => o.Status is not ("ok" or "waiting"));
            Console.WriteLine($"  {Time(firing.At)} {firing.SceneId} by {firing.Trigger}: {firing.Outcomes.Count} action(s){(failed > 0 ? $", {failed} not done" : "")}");
        }

        Console.WriteLine($"Skipped ({activity.Skipped.Count}):");
        foreach (var skip in activity.Skipped)
        {
            Console.WriteLine($"  {Time(skip.At)} {skip.SceneId} by {skip.Trigger}: {skip.Reason}");
        }

        Console.WriteLine($"Notifications ({activity.Notifications.Count}):");
        foreach (var notification in activity.Notifications)
        {
            Console.WriteLine($"  {Time(notification.At)} {notification.SceneId}: {notification.Message}");
        }

        Console.WriteLine($"Waiting ({activity.Waiting.Count}):");
        foreach (var wait in activity.Waiting)
        {
            Console.WriteLine($"  {wait.SceneId} ({wait.Kind}): {wait.What}, due {Time(wait.Until)}");
        }
    }

    public static void Print(IReadOnlyList<SceneSuggestionView> suggestions)
    {
        foreach (var suggestion in suggestions)
        {
            Console.WriteLine($"{(suggestion.Installed ? "[installed]" : "[suggested]")} {suggestion.Id}: {suggestion.Name} (template {suggestion.Template})");
            Console.WriteLine($"    {suggestion.Reason}");
        }

        var installed = suggestions.Count(s => s.Installed);
        Console.WriteLine($"{suggestions.Count} suggestion(s), {installed} installed; install one with --accept <id>, all with --accept-all.");
    }

    private static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
