using AIoT.Scenes.Model;
using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

/// <summary>Reads one trigger of a scene file by its type.</summary>
internal static class TriggerFileReader
{
    public static readonly IReadOnlyList<string> Types = ["property", "event", "vehicle", "person", "mode", "time", "schedule"];

    private static readonly IReadOnlyDictionary<string, GeofenceEdge> Edges =
        Enum.GetValues<GeofenceEdge>().ToDictionary(Names.Of, e => e, StringComparer.Ordinal);

    public static SceneTrigger? Read(YamlNode node, string path, FileProblems problems)
    {
        if (FileMapping.Of(node, path, "a trigger", problems) is not { } map)
        {
            return null;
        }

        switch (map.Type("trigger", Types))
        {
            case "property":
                map.Expect("a property trigger", ["type", "device", "property"], ["from", "to", "above", "below", "for"]);
                return new PropertyTrigger(map.Text("device") ?? "", map.Text("property") ?? "")
                {
                    From = map.Value("from"),
                    To = map.Value("to"),
                    Above = map.Number("above"),
                    Below = map.Number("below"),
                    For = map.Duration("for") ?? TimeSpan.Zero,
                };
            case "event":
                map.Expect("an event trigger", ["type", "device", "event"], ["arguments"]);
                return new EventTrigger(map.Text("device") ?? "", map.Text("event") ?? "")
                {
                    Arguments = [.. PropertyValues(map, "arguments", "lock.lock-method: 3").Select(p => new ArgumentMatch(p.Property, p.Value))],
                };
            case "vehicle":
                map.Expect("a vehicle trigger", ["type", "vehicle", "geofence", "radiusKm"], []);
                return new VehicleTrigger(map.Text("vehicle") ?? "", map.Word("geofence", Edges) ?? default, map.Number("radiusKm") ?? 0);
            case "person":
                map.Expect("a person trigger", ["type", "person"], ["from", "to"]);
                return new PresenceTrigger(map.Text("person") ?? "")
                {
                    From = map.Word("from", Names.AllWhereabouts),
                    To = map.Word("to", Names.AllWhereabouts),
                };
            case "mode":
                map.Expect("a mode trigger", ["type"], ["from", "to"]);
                return new ModeTrigger { From = map.Text("from"), To = map.Text("to") };
            case "time":
                map.Expect("a time trigger", ["type", "at"], ["days"]);
                return new TimeTrigger(map.Time("at") ?? default) { Days = map.Days("days") ?? DaySet.Every };
            case "schedule":
                map.Expect("a schedule trigger", ["type", "every"], ["days"]);
                return new ScheduleTrigger(map.Duration("every") ?? TimeSpan.Zero) { Days = map.Days("days") ?? DaySet.Every };
            default:
                return null;
        }
    }

    /// <summary>A mapping of property (alias or key) to value, as event arguments and set actions write them.</summary>
    public static IReadOnlyList<(string Property, SceneValue Value)> PropertyValues(FileMapping map, string key, string example)
    {
        if (map.Mapping(key, $"property: value pairs such as {example}") is not { } values)
        {
            return [];
        }

        var read = new List<(string, SceneValue)>();
        foreach (var property in values.Keys)
        {
            if (values.Value(property) is { } value)
            {
                read.Add((property, value));
            }
        }

        return read;
    }
}
