using AIoT.Scenes.Model;

namespace AIoT.Scenes.Validation;

/// <summary>What a household offers a scene: its devices and their MIoT models, its members, vehicles and modes.</summary>
public interface ISceneVocabulary
{
    ISceneDevice? FindDevice(string deviceId);

    IReadOnlyCollection<string> DeviceIds { get; }

    bool HasPerson(string personId);

    IReadOnlyCollection<string> People { get; }

    bool HasVehicle(string vehicleId);

    IReadOnlyCollection<string> Vehicles { get; }

    IReadOnlyList<string> Modes { get; }
}

/// <summary>One device as scenes see it: its model's properties, events and actions, found by MIoT key or alias.</summary>
public interface ISceneDevice
{
    string Model { get; }

    SceneProperty? FindProperty(string keyOrAlias);

    SceneEvent? FindEvent(string keyOrAlias);

    SceneActionSpec? FindAction(string keyOrAlias);

    IEnumerable<string> PropertyNames { get; }

    IEnumerable<string> EventNames { get; }

    IEnumerable<string> ActionNames { get; }
}

/// <summary>A property: its canonical "siid.piid" key, its alias, whether it can be read and written, and a value check.</summary>
public sealed record SceneProperty(string Key, string Alias, bool Readable, bool Writable, bool Numeric, Func<SceneValue, string?> Check);

public sealed record SceneEvent(string Key, string Alias, IReadOnlyList<string> ArgumentKeys);

public sealed record SceneActionSpec(string Key, string Alias, int Inputs);
