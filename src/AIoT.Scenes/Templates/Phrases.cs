using System.Globalization;

namespace AIoT.Scenes.Templates;

/// <summary>How reasons write times, counts and numbers.</summary>
internal static class Phrases
{
    public static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Count(int count, string thing) => count == 1 ? $"1 {thing}" : $"{count} {thing}s";

    /// <summary>"the light goes off", "the 6 lights go off": <paramref name="verb"/> as for one thing ("goes off").</summary>
    public static string The(int count, string thing, string verb) =>
        count == 1 ? $"the {thing} {verb}" : $"the {count} {thing}s {Plural(verb)}";

    /// <summary>"a, b and c".</summary>
    public static string List(IReadOnlyList<string> parts) =>
        parts.Count <= 1 ? string.Concat(parts) : $"{string.Join(", ", parts.Take(parts.Count - 1))} and {parts[^1]}";

    public static string Minutes(TimeSpan duration) => Count((int)duration.TotalMinutes, "minute");

    /// <summary>Numbers as a reason writes them: 26, 27.5.</summary>
    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Plural(string verb)
    {
        var space = verb.IndexOf(' ');
        var head = space < 0 ? verb : verb[..space];
        var rest = space < 0 ? string.Empty : verb[space..];
        head = head switch
        {
            "goes" => "go",
            "is" => "are",
            "closes" => "close",
            _ when head.EndsWith('s') => head[..^1],
            _ => head,
        };
        return head + rest;
    }
}
