using System.Text.Json.Nodes;
using AIoT.Scenes.Files;
using AIoT.Scenes.Model;
using Json.Schema;
using YamlDotNet.RepresentationModel;
using static AIoT.Scenes.Tests.Files.SceneFiles;

namespace AIoT.Scenes.Tests.Files;

/// <summary>
/// docs/scene.schema.json (for editors) and the reader agree: every sample a user copies passes both, each broken
/// file fails both, and what the writer writes passes the schema.
/// </summary>
public sealed class SceneSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "scene.schema.json")));

    public static TheoryData<string> Samples => new(SampleNames());

    public static TheoryData<string, string> BrokenFiles => new()
    {
        { "unknown key", Scene(trigger: "{ type: mode, to: armed, too: away }") },
        { "unknown trigger type", Scene(trigger: "{ type: temperature }") },
        { "no type", Scene(action: "{ message: hi }") },
        { "number as text", Scene(trigger: "{ type: property, device: d, property: p, above: \"30\" }") },
        { "word for a number", Scene(trigger: "{ type: property, device: d, property: p, above: hot }") },
        { "missing device", Scene(trigger: "{ type: property, property: p }") },
        { "missing name", "id: s1\ntriggers: [{ type: mode, to: armed }]\nactions: [{ type: notify, message: m }]\n" },
        { "bad duration", Scene(action: "{ type: delay, for: soon }") },
        { "negative duration", Scene(action: "{ type: delay, for: -5 }") },
        { "bad time", Scene(trigger: "{ type: time, at: \"25:00\" }") },
        { "bad sun offset", Scene(trigger: "{ type: time, at: sunset-later }") },
        { "bad day", Scene(trigger: "{ type: time, at: \"07:00\", days: [mon, funday] }") },
        { "no days", Scene(trigger: "{ type: time, at: \"07:00\", days: [] }") },
        { "two comparisons", Scene(condition: "{ type: property, device: d, property: p, above: 1, below: 5 }") },
        { "no comparison", Scene(condition: "{ type: property, device: d, property: p }") },
        { "empty time condition", Scene(condition: "{ type: time }") },
        { "vehicle condition without a test", Scene(condition: "{ type: vehicle, vehicle: car }") },
        { "empty any", Scene(condition: "{ type: any, conditions: [] }") },
        { "bad presence word", Scene(condition: "{ type: presence, person: anyone, is: outside }") },
        { "bad geofence", Scene(trigger: "{ type: vehicle, vehicle: car, geofence: near, radiusKm: 2 }") },
        { "no triggers", "id: s1\nname: S\ntriggers: []\nactions: [{ type: notify, message: m }]\n" },
        { "empty set", Scene(action: "{ type: set, device: d, properties: {} }") },
        { "bad scene id", "id: \"no spaces\"\nname: S\ntriggers: [{ type: mode, to: armed }]\nactions: [{ type: notify, message: m }]\n" },
        { "fraction of firings", "id: s1\nname: S\nlimit: { firings: 2.5 }\ntriggers: [{ type: mode, to: armed }]\nactions: [{ type: notify, message: m }]\n" },
        { "key beside scenes", "scenes: [{ id: s1, name: S, triggers: [{ type: mode }], actions: [{ type: notify, message: m }] }]\nid: s2\n" },
        { "empty file", "" },
        { "a list at the top", "- id: s1\n" },
        { "json with a wrong kind", """{ "id": "s1", "name": "S", "enabled": "yes", "triggers": [{ "type": "mode" }], "actions": [{ "type": "notify", "message": "m" }] }""" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_reads_without_a_problem_and_validates_against_the_schema(string sample)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "scenes", sample));

        var result = SceneFileReader.Read(text);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        AssertSchema(text, valid: true);
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_broken_file_fails_the_schema_and_the_reader(string what, string text)
    {
        Assert.False(SceneFileReader.Read(text).Succeeded, $"the reader accepted: {what}");
        AssertSchema(text, valid: false);
    }

    [Fact]
    public void The_file_the_broken_ones_are_made_from_passes_both()
    {
        Assert.True(SceneFileReader.Read(Scene()).Succeeded);
        AssertSchema(Scene(), valid: true);
        AssertSchema(Scene(trigger: "{ type: property, device: d, property: \"3.6\", above: 30, for: 90 }", condition: "{ type: time, days: mon }"), valid: true);
    }

    [Fact]
    public void The_samples_show_every_trigger_condition_and_action_type()
    {
        var scenes = SampleNames().SelectMany(name => SceneFileReader.Read(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "scenes", name))).Scenes).ToList();

        Assert.Equal(
            ["EventTrigger", "ModeTrigger", "PresenceTrigger", "PropertyTrigger", "ScheduleTrigger", "TimeTrigger", "VehicleTrigger"],
            scenes.SelectMany(s => s.Triggers).Select(t => t.GetType().Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            ["AllCondition", "AnyCondition", "ModeCondition", "NotCondition", "PresenceCondition", "PropertyCondition", "TimeCondition", "VehicleCondition"],
            scenes.SelectMany(s => Flatten(s.Condition)).Select(c => c.GetType().Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            Enum.GetValues<Comparison>().Order(),
            scenes.SelectMany(s => Flatten(s.Condition)).OfType<PropertyCondition>().Select(c => c.Comparison).Distinct().Order());
        Assert.Equal(
            ["DelayAction", "InvokeAction", "ModeAction", "NotifyAction", "RunSceneAction", "SetAction"],
            scenes.SelectMany(s => s.Actions).Select(a => a.GetType().Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(SampleNames(), name => name.EndsWith(".json", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SceneFileFormat.Yaml)]
    [InlineData(SceneFileFormat.Json)]
    public void What_the_writer_writes_validates_against_the_schema(SceneFileFormat format)
    {
        var scene = SceneFileWriterTests.EveryKind();

        AssertSchema(SceneFileWriter.Write(scene, format), valid: true);
        AssertSchema(SceneFileWriter.Write([scene, scene with { Id = "second" }], format), valid: true);
    }

    private static IEnumerable<string> SampleNames() => Directory.GetFiles(Path.Combine(RepositoryRoot(), "samples", "scenes"))
        .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
        .Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    private static void AssertSchema(string text, bool valid)
    {
        var results = Schema.Evaluate(ToJson(text), new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        Assert.True(results.IsValid == valid, valid ? $"schema refused it:\n{string.Join("\n", Errors(results).Distinct().Take(20))}" : "schema accepted it");
    }

    private static IEnumerable<string> Errors(EvaluationResults results) =>
        (results.Errors ?? new Dictionary<string, string>()).Select(e => $"{results.InstanceLocation} ({results.EvaluationPath}): {e.Key}: {e.Value}")
            .Concat(results.Details.SelectMany(Errors));

    /// <summary>YAML as the JSON it means, with the reader's scalar rules: bare true/false and numbers typed, the rest text.</summary>
    private static JsonNode? ToJson(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode scalar => FileScalars.KindOf(scalar) switch
        {
            ScalarKind.Null => null,
            ScalarKind.Bool => JsonValue.Create(FileScalars.IsTrue(scalar.Value!)),
            ScalarKind.Number => JsonValue.Create(FileScalars.ParseNumber(scalar.Value!)),
            _ => JsonValue.Create(scalar.Value!),
        },
        _ => throw new ArgumentException("unexpected node"),
    };

    private static IEnumerable<SceneCondition> Flatten(SceneCondition? condition) => condition switch
    {
        null => [],
        AllCondition all => all.Conditions.SelectMany(Flatten).Prepend(all),
        AnyCondition any => any.Conditions.SelectMany(Flatten).Prepend(any),
        NotCondition not => Flatten(not.Condition).Prepend(not),
        _ => [condition],
    };

    private static string Scene(string trigger = "{ type: mode, to: armed }", string condition = "{ type: mode, mode: home }", string action = "{ type: notify, message: m }") =>
        $"id: s1\nname: S\ntriggers: [{trigger}]\nconditions: [{condition}]\nactions: [{action}]\n";
}
