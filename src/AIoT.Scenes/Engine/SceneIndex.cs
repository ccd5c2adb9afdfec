using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>
/// The household's scenes by what can trigger them, so a change looks up only the scenes listening to that device
/// property, event, person, vehicle or mode; and, per device, the properties and events some scene watches, which the
/// device grain keeps so that a change no scene watches costs no call.
/// </summary>
public sealed class SceneIndex
{
    private readonly SceneDefinition[] _scenes;
    private readonly Group<PropertyTrigger>[] _properties;
    private readonly Group<EventTrigger>[] _events;

    public SceneIndex(IEnumerable<SceneDefinition> scenes)
    {
        _scenes = [.. scenes];
        var properties = new List<(string Device, string Key, (SceneDefinition, PropertyTrigger) Entry)>();
        var events = new List<(string Device, string Key, (SceneDefinition, EventTrigger) Entry)>();
        List<(SceneDefinition, PresenceTrigger)>? presence = null;
        List<(SceneDefinition, VehicleTrigger)>? vehicles = null;
        List<(SceneDefinition, ModeTrigger)>? modes = null;
        List<(SceneDefinition, SceneTrigger)>? timed = null;
        foreach (var scene in _scenes)
        {
            foreach (var trigger in scene.Triggers)
            {
                switch (trigger)
                {
                    case PropertyTrigger p:
                        properties.Add((p.Device, p.Property, (scene, p)));
                        break;
                    case EventTrigger e:
                        events.Add((e.Device, e.Event, (scene, e)));
                        break;
                    case PresenceTrigger p:
                        (presence ??= []).Add((scene, p));
                        break;
                    case VehicleTrigger v:
                        (vehicles ??= []).Add((scene, v));
                        break;
                    case ModeTrigger m:
                        (modes ??= []).Add((scene, m));
                        break;
                    case TimeTrigger or ScheduleTrigger:
                        (timed ??= []).Add((scene, trigger));
                        break;
                }
            }
        }

        _properties = Group<PropertyTrigger>.Of(properties);
        _events = Group<EventTrigger>.Of(events);
        Presence = presence is null ? [] : [.. presence];
        Vehicles = vehicles is null ? [] : [.. vehicles];
        Modes = modes is null ? [] : [.. modes];
        Timed = timed is null ? [] : [.. timed];
    }

    public IReadOnlyList<(SceneDefinition Scene, PresenceTrigger Trigger)> Presence { get; }

    public IReadOnlyList<(SceneDefinition Scene, VehicleTrigger Trigger)> Vehicles { get; }

    public IReadOnlyList<(SceneDefinition Scene, ModeTrigger Trigger)> Modes { get; }

    public IReadOnlyList<(SceneDefinition Scene, SceneTrigger Trigger)> Timed { get; }

    public IReadOnlyList<(SceneDefinition Scene, PropertyTrigger Trigger)> PropertyTriggers(string deviceId, string key) => Group<PropertyTrigger>.Find(_properties, deviceId, key);

    public IReadOnlyList<(SceneDefinition Scene, EventTrigger Trigger)> EventTriggers(string deviceId, string key) => Group<EventTrigger>.Find(_events, deviceId, key);

    /// <summary>Per device, what its grain should report to the household: properties that trigger or are compared, and events.</summary>
    public IReadOnlyDictionary<string, DeviceInterest> Interests()
    {
        // Read from the scenes when asked (on a save), rather than kept: a household holds many more scenes than it saves.
        var conditionKeys = _scenes.SelectMany(s => Flatten(s.Condition)).OfType<PropertyCondition>()
            .GroupBy(p => p.Device, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Property), StringComparer.Ordinal);
        var devices = _properties.Select(g => g.Device).Concat(_events.Select(g => g.Device)).Concat(conditionKeys.Keys).Distinct(StringComparer.Ordinal);
        return devices.ToDictionary(
            d => d,
            d => new DeviceInterest(
                [.. _properties.Where(g => g.Device == d).Select(g => g.Key).Concat(conditionKeys.GetValueOrDefault(d) ?? []).Distinct().Order(StringComparer.Ordinal)],
                [.. _events.Where(g => g.Device == d).Select(g => g.Key).Distinct().Order(StringComparer.Ordinal)]),
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

    /// <summary>
    /// The triggers on one device's property or event. A household has a handful of these, so a flat array searched
    /// in order costs no more than two dictionary lookups and takes a fraction of their memory.
    /// </summary>
    private readonly record struct Group<T>(string Device, string Key, (SceneDefinition Scene, T Trigger)[] Triggers)
    {
        public static Group<T>[] Of(List<(string Device, string Key, (SceneDefinition, T) Entry)> entries) =>
            entries.Count == 0
                ? []
                : [.. entries.GroupBy(e => (e.Device, e.Key)).Select(g => new Group<T>(g.Key.Device, g.Key.Key, [.. g.Select(e => e.Entry)]))];

        public static IReadOnlyList<(SceneDefinition Scene, T Trigger)> Find(Group<T>[] groups, string device, string key)
        {
            foreach (var group in groups)
            {
                if (string.Equals(group.Key, key, StringComparison.Ordinal) && string.Equals(group.Device, device, StringComparison.Ordinal))
                {
                    return group.Triggers;
                }
            }

            return [];
        }
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
