using System.Text.Json;

namespace AIoT.Dashboard.Tests.Support;

/// <summary>Reads GET /api/devices/{id}/twin as the API answers it.</summary>
internal static class Twins
{
    public static async Task<JsonElement> TwinAsync(this DashboardFixture dashboard, string deviceId) =>
        await dashboard.GetJsonAsync($"api/devices/{deviceId}/twin");

    public static JsonElement Value(this JsonElement twin, string key) =>
        twin.GetProperty("properties").EnumerateArray().Single(p => p.GetProperty("key").GetString() == key).GetProperty("value");

    /// <summary>Waits until the device's twin holds what it reported: the gateway applies a report in its own time.</summary>
    public static Task TwinReachesAsync(this DashboardFixture dashboard, string deviceId, string key, int value) =>
        Eventually.Async(async () =>
        {
            var twin = await dashboard.TwinAsync(deviceId);
            return twin.GetProperty("online").GetBoolean() && twin.Value(key) is { ValueKind: JsonValueKind.Number } number && number.GetDouble() == value;
        }, $"{deviceId} is online with {key} = {value}");
}
