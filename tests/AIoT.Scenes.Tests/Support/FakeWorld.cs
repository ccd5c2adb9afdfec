using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;

namespace AIoT.Scenes.Tests.Support;

/// <summary>A household as conditions see it, set up by each test; anything not set is not known.</summary>
internal sealed class FakeWorld : ISceneWorld
{
    private readonly Dictionary<(string Device, string Key), SceneValue> _properties = [];
    private readonly Dictionary<string, Whereabouts> _whereabouts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SceneVehicle> _vehicles = new(StringComparer.Ordinal);

    public string Mode { get; set; } = "home";

    public List<string> People { get; } = ["alice", "bob"];

    public IReadOnlyCollection<string> Members => People;

    public SceneClock Clock { get; set; } = SceneClock.Beijing;

    public FakeWorld With(string device, string key, SceneValue value)
    {
        _properties[(device, key)] = value;
        return this;
    }

    public FakeWorld With(string person, Whereabouts where)
    {
        _whereabouts[person] = where;
        return this;
    }

    public FakeWorld With(string vehicle, SceneVehicle state)
    {
        _vehicles[vehicle] = state;
        return this;
    }

    public bool TryGetProperty(string deviceId, string key, out SceneValue value) => _properties.TryGetValue((deviceId, key), out value);

    public Whereabouts? WhereIs(string personId) => _whereabouts.TryGetValue(personId, out var where) ? where : null;

    public SceneVehicle? FindVehicle(string vehicleId) => _vehicles.GetValueOrDefault(vehicleId);
}
