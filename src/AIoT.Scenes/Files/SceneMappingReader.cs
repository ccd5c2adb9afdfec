using AIoT.Scenes.Model;
using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

/// <summary>Reads one scene's mapping: its identity, its settings, and its triggers, conditions and actions.</summary>
internal static class SceneMappingReader
{
    private static readonly IReadOnlyList<string> Required = ["id", "name", "triggers", "actions"];

    private static readonly IReadOnlyList<string> Optional =
        ["description", "enabled", "cooldown", "debounce", "limit", "template", "conditions", SceneFileReader.SchemaKey];

    public static SceneDefinition? Read(YamlNode node, string path, FileProblems problems)
    {
        if (FileMapping.Of(node, path, "a scene with id, name, triggers and actions", problems) is not { } map)
        {
            return null;
        }

        map.Expect("a scene", Required, Optional);
        map.Text(SceneFileReader.SchemaKey);

        var id = map.Text("id");
        if (id is not null && !SceneIds.IsValid(id))
        {
            problems.Add(map["id"]!, map.At("id"), $"'{id}' is not a scene id: use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }

        var triggers = Steps(map, "triggers", "triggers", TriggerFileReader.Read);
        var actions = Steps(map, "actions", "actions", ActionFileReader.Read);
        var condition = map["conditions"] is { } conditions ? ConditionFileReader.ReadTop(conditions, map.At("conditions"), problems) : null;
        return new SceneDefinition(id ?? "", map.Text("name") ?? "", triggers, condition, actions)
        {
            Description = map.Text("description"),
            Template = map.Text("template"),
            Enabled = map.Bool("enabled") ?? true,
            Cooldown = map.Duration("cooldown") ?? TimeSpan.Zero,
            Debounce = map.Duration("debounce") ?? TimeSpan.Zero,
            Limit = ReadLimit(map),
        };
    }

    private static List<T> Steps<T>(FileMapping map, string key, string what, Func<YamlNode, string, FileProblems, T?> read)
        where T : class
    {
        if (map.List(key, what) is not { } list)
        {
            return [];
        }

        if (list.Children.Count == 0)
        {
            map.Problems.Add(list, map.At(key), $"the list is empty: a scene needs at least one of its {what}.");
        }

        return [.. list.Children.Select((item, i) => read(item, $"{map.At(key)}[{i}]", map.Problems)).OfType<T>()];
    }

    private static FiringLimit ReadLimit(FileMapping scene)
    {
        if (scene.Mapping("limit", "a limit such as { firings: 10, per: 1m }") is not { } limit)
        {
            return FiringLimit.Default;
        }

        limit.Expect("a limit", [], ["firings", "per"]);
        var firings = limit.Number("firings");
        if (firings is { } count && (count < 1 || count != Math.Floor(count) || count > int.MaxValue))
        {
            limit.Problems.Add(limit["firings"]!, limit.At("firings"), $"expected a whole number of at least 1, got {count}.");
        }

        var per = limit.Duration("per");
        if (per == TimeSpan.Zero)
        {
            limit.Problems.Add(limit["per"]!, limit.At("per"), "the window must be longer than 0s, such as 1m.");
        }

        return new FiringLimit(firings is { } f and >= 1 and <= int.MaxValue ? (int)f : FiringLimit.Default.Firings, per ?? FiringLimit.Default.Window);
    }
}
