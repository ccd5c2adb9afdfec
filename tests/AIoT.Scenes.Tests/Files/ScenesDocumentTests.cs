using System.Text.RegularExpressions;
using AIoT.Scenes.Files;
using static AIoT.Scenes.Tests.Files.SceneFiles;

namespace AIoT.Scenes.Tests.Files;

/// <summary>The examples in docs/scenes.md are what people copy first: each reads without a problem, and each error shown is the reader's.</summary>
public sealed partial class ScenesDocumentTests
{
    private const string Head = "id: doc-example\nname: Example\n";
    private const string Trigger = "triggers: [{ type: mode, to: armed }]\n";
    private const string Action = "actions: [{ type: notify, message: m }]\n";

    private static readonly string Document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "scenes.md"));

    [Fact]
    public void Every_example_in_the_document_reads_without_a_problem()
    {
        var examples = ExampleBlock().Matches(Document).Select(m => (Language: m.Groups[1].Value, Text: m.Groups[2].Value)).ToList();

        Assert.True(examples.Count >= 6, $"found {examples.Count} examples");
        foreach (var (language, text) in examples)
        {
            var whole = language == "json" || text.StartsWith("id:", StringComparison.Ordinal) || text.StartsWith("scenes:", StringComparison.Ordinal)
                ? text
                : text.StartsWith("triggers:", StringComparison.Ordinal) ? Head + text + Action
                : text.StartsWith("conditions:", StringComparison.Ordinal) ? Head + Trigger + text + Action
                : Head + Trigger + text;
            var result = SceneFileReader.Read(whole);
            Assert.True(result.Succeeded, $"{string.Join("\n", result.Problems)}\nin:\n{text}");
        }
    }

    [Theory]
    [InlineData("id: s1\nname: S\ntriggers: [mode, time\n", "line 4, file: not valid YAML or JSON: While parsing a flow sequence")]
    [InlineData("id: s1\nname: S\nid: s2\n", "line 3, file: not valid YAML or JSON: Duplicate key id; each key may appear once in a mapping; remove or merge the second one.")]
    [InlineData("id: s1\nname: S\ntriggers:\n  - type: property\n    device: d1\n    property: p\n    to: on\n" + Action,
        "line 7, triggers[0].to: 'on' is read as a bool by some YAML tools and as text by others: write true or false, or \"on\" in quotes for text.")]
    [InlineData("id: s1\nname: S\ntriggers:\n  - type: time\n    at: \"25:00\"\n" + Action,
        "line 5, triggers[0].at: expected a time of day, got the text \"25:00\": give a time as \"07:30\", sunrise or sunset, with an optional offset such as sunset-30m or sunrise+15m.")]
    [InlineData("id: s1\nname: S\ntriggers:\n  - type: time\n    at: \"07:00\"\n    days:\n      - mon\n      - tues\n" + Action,
        "line 8, triggers[0].days[1]: expected a day (mon, tue, wed, thu, fri, sat, sun), got 'tues'. Did you mean 'tue'?")]
    public void The_errors_shown_are_the_readers_own(string text, string shown)
    {
        var problem = Assert.Single(Problems(text));

        Assert.StartsWith(shown, problem.ToString());
        Assert.Contains(shown.Length > 60 ? shown[..60] : shown, Document);
    }

    [GeneratedRegex(@"```(yaml|json)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
