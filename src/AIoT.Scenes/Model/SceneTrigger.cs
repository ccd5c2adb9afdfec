using System.Text.Json.Serialization;

namespace AIoT.Scenes.Model;

/// <summary>What starts a scene.</summary>
// Kept as JSON by the grain storage: without a discriminator each would be written as {} and could not be read back.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PropertyTrigger), "property")]
[JsonDerivedType(typeof(EventTrigger), "event")]
[JsonDerivedType(typeof(VehicleTrigger), "vehicle")]
[JsonDerivedType(typeof(PresenceTrigger), "person")]
[JsonDerivedType(typeof(ModeTrigger), "mode")]
[JsonDerivedType(typeof(TimeTrigger), "time")]
[JsonDerivedType(typeof(ScheduleTrigger), "schedule")]
[GenerateSerializer, Immutable]
public abstract record SceneTrigger;

/// <summary>
/// A device property changes: to or from a value, or across a threshold (fires when the value enters the range
/// above/below, not while it stays there); with <see cref="For"/>, only once it has held that long.
/// With none of from, to, above, below: any change.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PropertyTrigger(string Device, string Property) : SceneTrigger
{
    [Id(0)] public SceneValue? From { get; init; }

    [Id(1)] public SceneValue? To { get; init; }

    [Id(2)] public double? Above { get; init; }

    [Id(3)] public double? Below { get; init; }

    [Id(4)] public TimeSpan For { get; init; }
}

/// <summary>A device raises an event, optionally with some arguments equal to given values.</summary>
[GenerateSerializer, Immutable]
public sealed record EventTrigger(string Device, string Event) : SceneTrigger
{
    [Id(0)] public IReadOnlyList<ArgumentMatch> Arguments { get; init; } = [];
}

[GenerateSerializer, Immutable]
public sealed record ArgumentMatch(string Property, SceneValue Value);

/// <summary>A vehicle crosses a circle around its home.</summary>
[GenerateSerializer, Immutable]
public sealed record VehicleTrigger(string Vehicle, GeofenceEdge Edge, double RadiusKm) : SceneTrigger;

/// <summary>A person's whereabouts change; <see cref="AnyPerson"/> for any member.</summary>
[GenerateSerializer, Immutable]
public sealed record PresenceTrigger(string Person) : SceneTrigger
{
    public const string AnyPerson = "anyone";

    [Id(0)] public Whereabouts? From { get; init; }

    [Id(1)] public Whereabouts? To { get; init; }
}

/// <summary>The household's mode changes.</summary>
[GenerateSerializer, Immutable]
public sealed record ModeTrigger : SceneTrigger
{
    [Id(0)] public string? From { get; init; }

    [Id(1)] public string? To { get; init; }
}

/// <summary>A time of day (fixed, or sunrise/sunset with an offset), on some days of the week.</summary>
[GenerateSerializer, Immutable]
public sealed record TimeTrigger(DayTime At) : SceneTrigger
{
    [Id(0)] public DaySet Days { get; init; } = DaySet.Every;
}

/// <summary>Every so often, counted from midnight of the household's time zone.</summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleTrigger(TimeSpan Every) : SceneTrigger
{
    [Id(0)] public DaySet Days { get; init; } = DaySet.Every;
}

[GenerateSerializer]
public enum GeofenceEdge
{
    Arriving,
    Leaving,
}

[GenerateSerializer]
public enum Whereabouts
{
    Home,
    Away,
    InVehicle,
}
