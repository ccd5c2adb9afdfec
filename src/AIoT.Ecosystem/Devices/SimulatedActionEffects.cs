using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Ecosystem.Devices;

/// <summary>
/// What an action does to a simulated device's properties. A device connected through the gateway carries out the
/// action itself and reports the result; a simulated one changes here.
/// </summary>
internal static class SimulatedActionEffects
{
    public static IReadOnlyList<PropertyWrite> For(string actionAlias, Func<string, PropertyValue?> current) => actionAlias switch
    {
        "light.toggle" => [new("light.on", PropertyValue.Of(!(current("light.on")?.AsBool() ?? false)))],
        "clean.start-clean" => [new("vacuum.status", PropertyValue.Of(1))],
        "clean.stop-clean" => [new("vacuum.status", PropertyValue.Of(2))],
        "battery.start-charge" => [new("vacuum.status", PropertyValue.Of(5))],
        "charger.start-charging" => [new("charger.status", PropertyValue.Of(2))],
        "charger.stop-charging" => [new("charger.status", PropertyValue.Of(1))],
        "washer.start-wash" => [new("washer.on", PropertyValue.Of(true)), new("washer.status", PropertyValue.Of(2))],
        "washer.pause" => [new("washer.status", PropertyValue.Of(6))],
        "television.turn-off" => [new("television.on", PropertyValue.Of(false))],
        "play-control.play" => [new("play-control.playing-state", PropertyValue.Of(1))],
        "play-control.pause" => [new("play-control.playing-state", PropertyValue.Of(2))],
        "filter.reset-filter-life" => [new("filter.filter-life-level", PropertyValue.Of(100))],
        _ => [],
    };
}
