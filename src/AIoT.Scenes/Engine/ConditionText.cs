using System.Globalization;
using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>A condition in one line, for traces and logs: "all(mode in [away], everyone not-home)".</summary>
public static class ConditionText
{
    public static string Describe(SceneCondition? condition) => condition switch
    {
        null => "none",
        AllCondition all => $"all({string.Join(", ", all.Conditions.Select(Describe))})",
        AnyCondition any => $"any({string.Join(", ", any.Conditions.Select(Describe))})",
        NotCondition not => $"not({Describe(not.Condition)})",
        PropertyCondition p => $"{p.Device} {p.Property} {Names.Of(p.Comparison)} {p.Value}",
        TimeCondition t => $"time {(t.After is { } a ? $"after {a} " : "")}{(t.Before is { } b ? $"before {b} " : "")}{t.Days}".TrimEnd(),
        ModeCondition m => $"mode in [{string.Join(", ", m.Modes)}]",
        PresenceCondition p => $"{p.Person} {Names.Of(p.Is)}",
        VehicleCondition v => $"vehicle {v.Vehicle}{Test("charging", v.Charging)}{Test("locked", v.Locked)}{Test("driving", v.Driving)}{Km("within", v.WithinKm)}{Km("beyond", v.BeyondKm)}{Percent("charge below", v.ChargeBelowPercent)}{Percent("charge above", v.ChargeAbovePercent)}",
        _ => condition.GetType().Name,
    };

    private static string Test(string name, bool? value) => value is { } v ? $" {name}={(v ? "true" : "false")}" : "";

    private static string Km(string name, double? km) => km is { } v ? $" {name} {v.ToString(CultureInfo.InvariantCulture)} km" : "";

    private static string Percent(string name, double? percent) => percent is { } v ? $" {name} {v.ToString(CultureInfo.InvariantCulture)}%" : "";
}
