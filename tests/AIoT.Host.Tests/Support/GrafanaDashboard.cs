using System.Text.Json;
using System.Text.RegularExpressions;

namespace AIoT.Host.Tests.Support;

/// <summary>deploy/grafana/dashboards/aiot.json: its PromQL queries and the metric names they read.</summary>
internal static partial class GrafanaDashboard
{
    public const string File = "deploy/grafana/dashboards/aiot.json";

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
    };

    public static JsonDocument Read() => JsonDocument.Parse(System.IO.File.ReadAllText(RepositoryFiles.PathOf(File)));

    /// <summary>Every panel's query expressions, rows' panels included.</summary>
    public static IReadOnlyList<string> Expressions()
    {
        using var dashboard = Read();
        var expressions = new List<string>();
        foreach (var panel in Panels(dashboard.RootElement.GetProperty("panels")))
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                expressions.AddRange(targets.EnumerateArray().Select(t => t.GetProperty("expr").GetString()!));
            }
        }

        return expressions;
    }

    /// <summary>
    /// The metric names a query reads: identifiers left once label matchers ({...}), ranges ([...]) and the label
    /// lists of by, without, on, ignoring and group_left/right (...) are taken out, other than functions (followed by a parenthesis) and PromQL's keywords.
    /// </summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var bare = Ranges().Replace(Matchers().Replace(LabelLists().Replace(expression, " "), " "), " ");
        return Identifiers().Matches(bare)
            .Where(m => !PromQlWords.Contains(m.Value) && !FollowedByParenthesis(bare, m))
            .Select(m => m.Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    public static IReadOnlySet<string> MetricNames() => Expressions().SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);

    private static bool FollowedByParenthesis(string text, Match match) =>
        text.AsSpan(match.Index + match.Length).TrimStart().StartsWith("(");

    private static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Panels(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelLists();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}
