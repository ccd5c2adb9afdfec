namespace AIoT.Ecosystem.Devices;

/// <summary>Device events that open or close an alert on the device's household.</summary>
internal static class DeviceAlerts
{
    private static readonly Dictionary<string, string> Opening = new(StringComparer.Ordinal)
    {
        ["smoke-sensor.smoke-alarm"] = "smoke",
        ["gas-sensor.gas-leak-alarm"] = "gas",
        ["submersion-sensor.leak-detected"] = "water-leak",
        ["lock.exception"] = "lock",
        ["arming.alarm-triggered"] = "alarm",
        ["fridge.door-open-too-long"] = "fridge-door",
    };

    private static readonly HashSet<string> Closing = new(StringComparer.Ordinal)
    {
        "smoke-sensor.smoke-cleared",
        "gas-sensor.gas-cleared",
        "submersion-sensor.leak-cleared",
    };

    public static string? Opens(string eventAlias) => Opening.GetValueOrDefault(eventAlias);

    public static bool Closes(string eventAlias) => Closing.Contains(eventAlias);
}
