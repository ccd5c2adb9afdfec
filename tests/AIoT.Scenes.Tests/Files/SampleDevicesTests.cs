using System.Text.RegularExpressions;
using AIoT.Scenes.Files;
using AIoT.Scenes.Model;
using static AIoT.Scenes.Tests.Files.SceneFiles;

namespace AIoT.Scenes.Tests.Files;

/// <summary>
/// The samples name real properties, events and actions: each one a sample uses on a placeholder device exists on
/// that device's model in docs/devices.md, so a user who swaps in their own ids gets a scene that saves.
/// </summary>
public sealed partial class SampleDevicesTests
{
    /// <summary>Comes with the scene engine's update of the air conditioner model (issue 13), not yet in docs/devices.md here.</summary>
    private static readonly HashSet<(string Model, string Name)> Pending = [("xiaomi.aircondition.ma2", "air-conditioner.sleep-mode")];

    [Fact]
    public void Every_property_event_and_action_in_the_samples_is_on_its_devices_model()
    {
        var root = RepositoryRoot();
        var models = PlaceholderRow().Matches(File.ReadAllText(Path.Combine(root, "samples", "scenes", "README.md")))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var names = ModelNames(File.ReadAllText(Path.Combine(root, "docs", "devices.md")));
        var uses = Directory.GetFiles(Path.Combine(root, "samples", "scenes"))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .SelectMany(f => SceneFileReader.Read(File.ReadAllText(f)).Scenes)
            .SelectMany(Uses)
            .ToList();

        Assert.NotEmpty(uses);
        var wrong = uses
            .Where(use => !models.TryGetValue(use.Device, out var model) || !(names.GetValueOrDefault(model)?.Contains(use.Name) ?? false) && !Pending.Contains((model, use.Name)))
            .Select(use => $"{use.Device} ({models.GetValueOrDefault(use.Device) ?? "not in the README's table"}): {use.Name}")
            .Distinct()
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static IEnumerable<(string Device, string Name)> Uses(SceneDefinition scene)
    {
        foreach (var trigger in scene.Triggers)
        {
            switch (trigger)
            {
                case PropertyTrigger p:
                    yield return (p.Device, p.Property);
                    break;
                case EventTrigger e:
                    yield return (e.Device, e.Event);
                    foreach (var argument in e.Arguments)
                    {
                        yield return (e.Device, argument.Property);
                    }

                    break;
            }
        }

        foreach (var condition in Flatten(scene.Condition).OfType<PropertyCondition>())
        {
            yield return (condition.Device, condition.Property);
        }

        foreach (var action in scene.Actions)
        {
            switch (action)
            {
                case SetAction set:
                    foreach (var setting in set.Properties)
                    {
                        yield return (set.Device, setting.Property);
                    }

                    break;
                case InvokeAction invoke:
                    yield return (invoke.Device, invoke.Action);
                    break;
            }
        }
    }

    private static IEnumerable<SceneCondition> Flatten(SceneCondition? condition) => condition switch
    {
        null => [],
        AllCondition all => all.Conditions.SelectMany(Flatten),
        AnyCondition any => any.Conditions.SelectMany(Flatten),
        NotCondition not => Flatten(not.Condition),
        _ => [condition],
    };

    /// <summary>Each model's keys and aliases, from its table under "### model".</summary>
    private static Dictionary<string, HashSet<string>> ModelNames(string devicesDocument)
    {
        var names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string>? current = null;
        foreach (var line in devicesDocument.Split('\n'))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                names[line[4..].Trim()] = current = [];
            }
            else if (current is not null && TableRow().Match(line) is { Success: true } row)
            {
                current.Add(row.Groups[1].Value);
                current.Add(row.Groups[2].Value);
            }
        }

        return names;
    }

    [GeneratedRegex(@"\|\s*`(hh-0000000-d\d+)`\s*\|[^|\n]*\(`([^`]+)`\)")]
    private static partial Regex PlaceholderRow();

    [GeneratedRegex(@"^\|\s*(\d+\.[ae]?\d+)\s*\|\s*([a-z0-9-]+\.[a-z0-9-]+)\s*\|")]
    private static partial Regex TableRow();
}
