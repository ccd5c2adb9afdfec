using System.Net;
using System.Text.Json;
using AIoT.Host.Tests.Support;

namespace AIoT.Host.Tests;

/// <summary>GET /health is what a load balancer or a Kubernetes probe asks: no token, the silo's state in a few fields.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task A_running_host_answers_health_without_its_api_token_and_nothing_else_under_api()
    {
        await using var host = await InProcessHost.StartAsync(apiToken: "secret-token");
        using var http = host.Http();

        using var health = await http.GetAsync("health");
        var body = await health.Content.ReadAsStringAsync();

        Assert.True(health.StatusCode == HttpStatusCode.OK, $"{(int)health.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("active", json.RootElement.GetProperty("siloStatus").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("silosActive").GetInt32());
        Assert.Equal(host.Broker!.Port, json.RootElement.GetProperty("mqttPort").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/devices")).StatusCode);
    }
}
