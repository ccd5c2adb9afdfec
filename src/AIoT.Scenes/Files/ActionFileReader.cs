using AIoT.Scenes.Model;
using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

/// <summary>Reads one action (step) of a scene file by its type.</summary>
internal static class ActionFileReader
{
    public static readonly IReadOnlyList<string> Types = ["set", "invoke", "mode", "notify", "delay", "scene"];

    public static SceneAction? Read(YamlNode node, string path, FileProblems problems)
    {
        if (FileMapping.Of(node, path, "an action", problems) is not { } map)
        {
            return null;
        }

        switch (map.Type("action", Types))
        {
            case "set":
                map.Expect("a set action", ["type", "device", "properties"], []);
                var settings = TriggerFileReader.PropertyValues(map, "properties", "light.on: false");
                if (map["properties"] is YamlMappingNode { Children.Count: 0 } empty)
                {
                    problems.Add(empty, map.At("properties"), "name at least one property to set, such as light.on: false.");
                }

                return new SetAction(map.Text("device") ?? "", [.. settings.Select(s => new PropertySetting(s.Property, s.Value))]);
            case "invoke":
                map.Expect("an invoke action", ["type", "device", "action"], ["inputs"]);
                var inputs = map.List("inputs", "input values") is { } list
                    ? list.Children.Select((item, i) => FileValues.Value(item, $"{map.At("inputs")}[{i}]", problems)).OfType<SceneValue>().ToList()
                    : [];
                return new InvokeAction(map.Text("device") ?? "", map.Text("action") ?? "", inputs);
            case "mode":
                map.Expect("a mode action", ["type", "mode"], []);
                return new ModeAction(map.Text("mode") ?? "");
            case "notify":
                map.Expect("a notify action", ["type", "message"], []);
                return new NotifyAction(map.Text("message") ?? "");
            case "delay":
                map.Expect("a delay action", ["type", "for"], []);
                return new DelayAction(map.Duration("for") ?? TimeSpan.Zero);
            case "scene":
                map.Expect("a scene action", ["type", "scene"], []);
                return new RunSceneAction(map.Text("scene") ?? "");
            default:
                return null;
        }
    }
}
