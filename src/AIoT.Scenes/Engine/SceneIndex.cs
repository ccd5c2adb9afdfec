using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>
/// The household's scenes by what can trigger them, so a change looks up only the scenes listening to that device
/// property, event, person, vehicle or mode; and, per device, the properties and events some scene watches, which the
/// device grain keeps so that a change no scene watches costs no call.
/// </summary>
public sealed class SceneIndex
{
    private readonly Dictionary<string, Dictionary<string, List<(SceneDefinition Scene, PropertyTrigger Trigger)>>> _properties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, List<(SceneDefinition Scene, EventTrigger Trigger)>>> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _conditionKeys = new(StringComparer.Ordinal);

    public SceneIndex(IEnumerable<SceneDefinition> scenes)
    {
        foreach (var scene in scenes)
        {
            foreach (var trigger in scene.Triggers)
            {
                switch (trigger)
                {
                    case PropertyTrigger p:
                        Bucket(_properties, p.Device, p.Property).Add((scene, p));
                        break;
                    case EventTrigger e:
                        Bucket(_events, e.Device, e.Event).Add((scene, e));
                        break;
                    case PresenceTrigger presence:
                        Presence.Add((scene, presence));
                        break;
                    case VehicleTrigger vehicle:
                        Vehicles.Add((scene, vehicle));
                        break;
                    case ModeTrigger mode:
                        Modes.Add((scene, mode));
                        break;
                    case TimeTrigger or ScheduleTrigger:
                        Timed.Add((scene, trigger));
                        break;
                }
            }

            foreach (var condition in Flatten(scene.Condition))
            {
                if (condition is PropertyCondition p)
                {
                    if (!_conditionKeys.TryGetValue(p.Device, out var keys))
                    {
                        _conditionKeys[p.Device] = keys = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    keys.Add(p.Property);
                }
            }
        }
    }

    public List<(SceneDefinition Scene, PresenceTrigger Trigger)> Presence { get; } = [];

    public List<(SceneDefinition Scene, VehicleTrigger Trigger)> Vehicles { get; } = [];

    public List<(SceneDefinition Scene, ModeTrigger Trigger)> Modes { get; } = [];

    public List<(SceneDefinition Scene, SceneTrigger Trigger)> Timed { get; } = [];

    public IReadOnlyList<(SceneDefinition Scene, PropertyTrigger Trigger)> PropertyTriggers(string deviceId, string key) =>
        _properties.TryGetValue(deviceId, out var keys) && keys.TryGetValue(key, out var list) ? list : [];

    public IReadOnlyList<(SceneDefinition Scene, EventTrigger Trigger)> EventTriggers(string deviceId, string key) =>
        _events.TryGetValue(deviceId, out var keys) && keys.TryGetValue(key, out var list) ? list : [];

    /// <summary>Per device, what its grain should report to the household: properties that trigger or are compared, and events.</summary>
    public IReadOnlyDictionary<string, DeviceInterest> Interests()
    {
        var devices = _properties.Keys.Concat(_events.Keys).Concat(_conditionKeys.Keys).Distinct(StringComparer.Ordinal);
        return devices.ToDictionary(
            d => d,
            d => new DeviceInterest(
                [.. (_properties.TryGetValue(d, out var p) ? p.Keys : Enumerable.Empty<string>()).Concat(_conditionKeys.GetValueOrDefault(d) ?? []).Distinct().Order(StringComparer.Ordinal)],
                [.. (_events.TryGetValue(d, out var e) ? e.Keys : Enumerable.Empty<string>()).Order(StringComparer.Ordinal)]),
            StringComparer.Ordinal);
    }

    /// <summary>The radii the household's vehicle triggers need, per vehicle.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> GeofenceRadii() =>
        Vehicles.GroupBy(v => v.Trigger.Vehicle, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<double>)[.. g.Select(v => v.Trigger.RadiusKm).Distinct()], StringComparer.Ordinal);

    public static IEnumerable<SceneCondition> Flatten(SceneCondition? condition) => condition switch
    {
        null => [],
        AllCondition all => all.Conditions.SelectMany(Flatten),
        AnyCondition any => any.Conditions.SelectMany(Flatten),
        NotCondition not => Flatten(not.Condition),
        _ => [condition],
    };

    private static List<T> Bucket<T>(Dictionary<string, Dictionary<string, List<T>>> index, string device, string key)
    {
        if (!index.TryGetValue(device, out var keys))
        {
            index[device] = keys = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        }

        if (!keys.TryGetValue(key, out var list))
        {
            keys[key] = list = [];
        }

        return list;
    }
}

/// <summary>What a device reports to its household for scenes: property keys and event keys.</summary>
[GenerateSerializer, Immutable]
public sealed record DeviceInterest(IReadOnlyList<string> Properties, IReadOnlyList<string> Events)
{
    public static readonly DeviceInterest None = new([], []);

    public bool IsEmpty => Properties.Count == 0 && Events.Count == 0;

    public bool SameAs(DeviceInterest other) => Properties.SequenceEqual(other.Properties) && Events.SequenceEqual(other.Events);
}
