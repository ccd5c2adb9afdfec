using AIoT.Scenes.Model;
using AIoT.Scenes.Validation;

namespace AIoT.Scenes.Tests.Support;

/// <summary>
/// A household of three devices with small MIoT models: a lamp ("lamp"), an air purifier ("purifier") and a door lock
/// ("lock"); members alice and bob, the vehicle "su7", and the modes home, away, sleep and armed.
/// </summary>
internal sealed class FakeVocabulary : ISceneVocabulary
{
    public static readonly FakeDevice Lamp = new(
        "yeelink.light.lamp1",
        [
            Property.Bool("2.1", "light.on", writable: true),
            Property.Number("2.2", "light.brightness", 1, 100, writable: true),
            new SceneProperty("2.3", "light.flow-params", Readable: false, Writable: true, Numeric: false, _ => null),
        ],
        [],
        [new SceneActionSpec("2.a1", "light.toggle", 0), new SceneActionSpec("2.a2", "light.brightness-up", 1)]);

    public static readonly FakeDevice Purifier = new(
        "zhimi.airp.mb5",
        [
            Property.Bool("2.1", "air-purifier.on", writable: true),
            Property.Number("3.6", "environment.pm2-5-density", 0, 1000, writable: false),
            Property.Number("3.7", "environment.relative-humidity", 0, 100, writable: false),
        ],
        [],
        []);

    public static readonly FakeDevice Lock = new(
        "lumi.lock.mcn01",
        [Property.Number("2.1", "lock.method", 0, 15, writable: false), Property.Number("2.2", "lock.operator-id", 0, 9999, writable: false)],
        [new SceneEvent("2.e1", "lock.unlocked", ["2.1"]), new SceneEvent("2.e2", "lock.locked", [])],
        []);

    private readonly Dictionary<string, FakeDevice> _devices = new(StringComparer.Ordinal)
    {
        ["lamp"] = Lamp,
        ["purifier"] = Purifier,
        ["lock"] = Lock,
    };

    public IReadOnlyCollection<string> DeviceIds => _devices.Keys;

    public IReadOnlyCollection<string> People { get; } = ["alice", "bob"];

    public IReadOnlyCollection<string> Vehicles { get; } = ["su7"];

    public IReadOnlyList<string> Modes { get; } = ["home", "away", "sleep", "armed"];

    public ISceneDevice? FindDevice(string deviceId) => _devices.GetValueOrDefault(deviceId);

    public bool HasPerson(string personId) => People.Contains(personId);

    public bool HasVehicle(string vehicleId) => Vehicles.Contains(vehicleId);

    private static class Property
    {
        public static SceneProperty Bool(string key, string alias, bool writable) =>
            new(key, alias, Readable: true, writable, Numeric: false, value => value.Kind == SceneValueKind.Bool ? null : $"{alias} takes true or false, not {value}.");

        public static SceneProperty Number(string key, string alias, double min, double max, bool writable) =>
            new(key, alias, Readable: true, writable, Numeric: true, value =>
                value.Kind != SceneValueKind.Number ? $"{alias} takes a number, not {value}."
                : value.Number < min || value.Number > max ? $"{value} is out of range for {alias}: {min} to {max}."
                : null);
    }
}

/// <summary>A device model found by MIoT key ("2.1") or alias ("light.on").</summary>
internal sealed class FakeDevice(string model, IReadOnlyList<SceneProperty> properties, IReadOnlyList<SceneEvent> events, IReadOnlyList<SceneActionSpec> actions) : ISceneDevice
{
    public string Model => model;

    public IEnumerable<string> PropertyNames => properties.Select(p => p.Alias);

    public IEnumerable<string> EventNames => events.Select(e => e.Alias);

    public IEnumerable<string> ActionNames => actions.Select(a => a.Alias);

    public SceneProperty? FindProperty(string keyOrAlias) => properties.FirstOrDefault(p => p.Key == keyOrAlias || p.Alias == keyOrAlias);

    public SceneEvent? FindEvent(string keyOrAlias) => events.FirstOrDefault(e => e.Key == keyOrAlias || e.Alias == keyOrAlias);

    public SceneActionSpec? FindAction(string keyOrAlias) => actions.FirstOrDefault(a => a.Key == keyOrAlias || a.Alias == keyOrAlias);
}
