using System.Text.Json.Serialization;

namespace AIoT.Scenes.Model;

/// <summary>What must hold for a triggered scene to run. Evaluated in three values: a value not known is not false.</summary>
// Kept as JSON by the grain storage: without a discriminator each would be written as {} and could not be read back.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AllCondition), "all")]
[JsonDerivedType(typeof(AnyCondition), "any")]
[JsonDerivedType(typeof(NotCondition), "not")]
[JsonDerivedType(typeof(PropertyCondition), "property")]
[JsonDerivedType(typeof(TimeCondition), "time")]
[JsonDerivedType(typeof(ModeCondition), "mode")]
[JsonDerivedType(typeof(PresenceCondition), "presence")]
[JsonDerivedType(typeof(VehicleCondition), "vehicle")]
[GenerateSerializer, Immutable]
public abstract record SceneCondition;

[GenerateSerializer, Immutable]
public sealed record AllCondition(IReadOnlyList<SceneCondition> Conditions) : SceneCondition;

[GenerateSerializer, Immutable]
public sealed record AnyCondition(IReadOnlyList<SceneCondition> Conditions) : SceneCondition;

[GenerateSerializer, Immutable]
public sealed record NotCondition(SceneCondition Condition) : SceneCondition;

/// <summary>A device property compared with a value.</summary>
[GenerateSerializer, Immutable]
public sealed record PropertyCondition(string Device, string Property, Comparison Comparison, SceneValue Value) : SceneCondition;

/// <summary>The local time is within [after, before) (across midnight when after is later), on some days.</summary>
[GenerateSerializer, Immutable]
public sealed record TimeCondition : SceneCondition
{
    [Id(0)] public DayTime? After { get; init; }

    [Id(1)] public DayTime? Before { get; init; }

    [Id(2)] public DaySet Days { get; init; } = DaySet.Every;
}

/// <summary>The household is in one of these modes.</summary>
[GenerateSerializer, Immutable]
public sealed record ModeCondition(IReadOnlyList<string> Modes) : SceneCondition;

/// <summary>
/// Who is where: a person id, <see cref="Anyone"/> (at least one member) or <see cref="Everyone"/> (all members).
/// "Nobody home" is everyone not home.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PresenceCondition(string Person, PresenceTest Is) : SceneCondition
{
    public const string Anyone = "anyone";
    public const string Everyone = "everyone";
}

/// <summary>A vehicle's state; every test given must hold.</summary>
[GenerateSerializer, Immutable]
public sealed record VehicleCondition(string Vehicle) : SceneCondition
{
    [Id(0)] public bool? Charging { get; init; }

    [Id(1)] public bool? Locked { get; init; }

    [Id(2)] public bool? Driving { get; init; }

    [Id(3)] public double? WithinKm { get; init; }

    [Id(4)] public double? BeyondKm { get; init; }

    [Id(5)] public double? ChargeBelowPercent { get; init; }

    [Id(6)] public double? ChargeAbovePercent { get; init; }
}

[GenerateSerializer]
public enum Comparison
{
    Equals,
    NotEquals,
    Above,
    Below,
    AtLeast,
    AtMost,
}

[GenerateSerializer]
public enum PresenceTest
{
    Home,
    NotHome,
    Away,
    InVehicle,
}
