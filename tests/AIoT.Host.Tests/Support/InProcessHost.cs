using System.Net.Http.Json;
using AIoT.Host.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIoT.Host.Tests.Support;

/// <summary>A whole aiot host in this process: in-memory grains, broker and HTTP on free loopback ports, demo homes only when asked.</summary>
internal static class InProcessHost
{
    public static Task<RunningHost> StartAsync(int demoHouseholds = 0, string? apiToken = null) => StartAsync(Settings(demoHouseholds, apiToken));

    public static Task<RunningHost> StartAsync(HostSettings settings) => new AiotHost(settings).StartAsync(NullLoggerFactory.Instance);

    /// <summary>The settings <see cref="StartAsync(int, string?)"/> uses, for a test to add to.</summary>
    public static HostSettings Settings(int demoHouseholds = 0, string? apiToken = null) => new()
    {
        InMemory = true,
        SiloPort = 0,
        DemoHouseholds = demoHouseholds,
        Mqtt = "127.0.0.1:0",
        Http = "127.0.0.1:0",
        ApiToken = apiToken,
    };

    public static string ApiAddress(this RunningHost host) => $"http://127.0.0.1:{host.HttpPort}/";

    public static HttpClient Http(this RunningHost host) => new() { BaseAddress = new Uri(host.ApiAddress()), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Registers devices through the API, which creates their household with the first one.</summary>
    public static async Task AddDevicesAsync(this HttpClient http, string household, params (string Model, string Room, string Id)[] devices)
    {
        foreach (var (model, room, id) in devices)
        {
            var response = await http.PostAsJsonAsync("api/devices", new { model, household, room, id });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}
