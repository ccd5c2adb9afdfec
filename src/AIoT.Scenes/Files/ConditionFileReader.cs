using AIoT.Scenes.Model;
using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

/// <summary>Reads conditions: a list means all of them; each item by its type, nesting through all, any and not.</summary>
internal static class ConditionFileReader
{
    public static readonly IReadOnlyList<string> Types = ["all", "any", "not", "property", "time", "mode", "presence", "vehicle"];

    private static readonly IReadOnlyList<string> Comparisons = [.. Enum.GetValues<Comparison>().Select(Names.Of)];

    private static readonly IReadOnlyList<string> VehicleTests = ["charging", "locked", "driving", "withinKm", "beyondKm", "chargeBelow", "chargeAbove"];

    private static readonly IReadOnlyDictionary<string, PresenceTest> PresenceTests = Names.PresenceTests;

    /// <summary>The scene's <c>conditions</c>: a list (all must hold; empty is none) or one condition.</summary>
    public static SceneCondition? ReadTop(YamlNode node, string path, FileProblems problems)
    {
        if (node is YamlSequenceNode list)
        {
            return list.Children.Count == 0 ? null : new AllCondition(ReadList(list, path, problems));
        }

        return Read(node, path, problems);
    }

    public static SceneCondition? Read(YamlNode node, string path, FileProblems problems)
    {
        if (FileMapping.Of(node, path, "a condition", problems) is not { } map)
        {
            return null;
        }

        switch (map.Type("condition", Types))
        {
            case "all":
            case "any":
                var type = map.Text("type");
                map.Expect($"an '{type}' condition", ["type", "conditions"], []);
                var inner = map.List("conditions", "conditions") is { } items ? ReadList(items, map.At("conditions"), problems) : [];
                if (type == "any" && map.Has("conditions") && inner.Count == 0)
                {
                    problems.Add(map["conditions"]!, map.At("conditions"), "'any' needs at least one condition.");
                }

                return type == "all" ? new AllCondition(inner) : new AnyCondition(inner);
            case "not":
                map.Expect("a 'not' condition", ["type", "condition"], []);
                var negated = map["condition"] is { } one ? Read(one, map.At("condition"), problems) : null;
                return new NotCondition(negated ?? new AllCondition([]));
            case "property":
                return ReadProperty(map);
            case "time":
                map.Expect("a time condition", ["type"], ["after", "before", "days"]);
                if (!map.Has("after") && !map.Has("before") && !map.Has("days"))
                {
                    problems.Add(map.Node, map.Path, "a time condition needs after, before or days (or several).");
                }

                return new TimeCondition { After = map.Time("after"), Before = map.Time("before"), Days = map.Days("days") ?? DaySet.Every };
            case "mode":
                map.Expect("a mode condition", ["type", "mode"], []);
                return new ModeCondition(ReadModes(map));
            case "presence":
                map.Expect("a presence condition", ["type", "person", "is"], []);
                return new PresenceCondition(map.Text("person") ?? "", map.Word("is", PresenceTests) ?? default);
            case "vehicle":
                map.Expect("a vehicle condition", ["type", "vehicle"], VehicleTests);
                if (!VehicleTests.Any(map.Has))
                {
                    problems.Add(map.Node, map.Path, $"a vehicle condition needs at least one test: {FileWords.List(VehicleTests)}.");
                }

                return new VehicleCondition(map.Text("vehicle") ?? "")
                {
                    Charging = map.Bool("charging"),
                    Locked = map.Bool("locked"),
                    Driving = map.Bool("driving"),
                    WithinKm = map.Number("withinKm"),
                    BeyondKm = map.Number("beyondKm"),
                    ChargeBelowPercent = map.Number("chargeBelow"),
                    ChargeAbovePercent = map.Number("chargeAbove"),
                };
            default:
                return null;
        }
    }

    private static List<SceneCondition> ReadList(YamlSequenceNode list, string path, FileProblems problems) =>
        [.. list.Children.Select((item, i) => Read(item, $"{path}[{i}]", problems)).OfType<SceneCondition>()];

    private static PropertyCondition ReadProperty(FileMapping map)
    {
        map.Expect("a property condition", ["type", "device", "property"], Comparisons);
        var given = map.Keys.Where(Comparisons.Contains).ToList();
        if (given.Count == 0)
        {
            map.Problems.Add(map.Node, map.Path, $"a property condition needs one comparison: {FileWords.List(Comparisons)}.");
        }
        else if (given.Count > 1)
        {
            map.Problems.Add(map[given[1]]!, map.At(given[1]),
                $"a property condition makes one comparison, this one has {FileWords.List(given)}: keep one; for a range, put two property conditions in the list.");
        }

        var comparison = given.Count > 0 ? Names.Comparisons[given[0]] : Comparison.Equals;
        var value = comparison is Comparison.Equals or Comparison.NotEquals
            ? map.Value(Names.Of(comparison))
            : map.Number(Names.Of(comparison)) is { } number ? SceneValue.Of(number) : null;
        return new PropertyCondition(map.Text("device") ?? "", map.Text("property") ?? "", comparison, value ?? default);
    }

    private static List<string> ReadModes(FileMapping map)
    {
        if (map["mode"] is YamlSequenceNode list)
        {
            if (list.Children.Count == 0)
            {
                map.Problems.Add(list, map.At("mode"), "name at least one mode, such as home, away, sleep or armed.");
            }

            return [.. list.Children.Select((item, i) => FileValues.Text(item, $"{map.At("mode")}[{i}]", map.Problems)).OfType<string>()];
        }

        return map.Text("mode") is { } one ? [one] : [];
    }
}
