using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AIoT.Gateway.Tests.Support;
using MQTTnet;

namespace AIoT.Gateway.Tests;

/// <summary>The HTTP API behind `aiot devices ...`: register, list, renew the secret, remove; bad requests named.</summary>
public sealed class ProvisioningApiTests
{
    [Fact]
    public async Task A_device_registered_over_http_connects_with_the_returned_credentials_until_its_secret_is_renewed()
    {
        await using var host = await TestHost.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.HttpPort}/") };

        var created = await http.PostAsJsonAsync("api/devices", new { model = "outlet", household = "flat-9", room = "kitchen", id = "kettle" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var mqtt = body.RootElement.GetProperty("mqtt");
        Assert.Equal(host.MqttPort(), mqtt.GetProperty("port").GetInt32());
        Assert.Equal("kettle", mqtt.GetProperty("username").GetString());
        var secret = mqtt.GetProperty("password").GetString()!;
        Assert.True(body.RootElement.GetProperty("householdCreated").GetBoolean());

        var listed = await http.GetFromJsonAsync<JsonElement>("api/devices");
        Assert.Equal("kettle", Assert.Single(listed.GetProperty("devices").EnumerateArray()).GetProperty("deviceId").GetString());
        Assert.Equal(1, listed.GetProperty("count").GetInt64());
        await (await host.ConnectAsync("kettle", "kettle", secret)).LeaveAsync();

        var renewed = await http.PostAsync("api/devices/kettle/secret", null);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await host.RefusedConnectAsync("kettle", "kettle", secret));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("api/devices/kettle")).StatusCode);
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("api/devices")).GetProperty("devices").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync("api/devices/kettle")).StatusCode);
    }

    [Theory]
    [InlineData("""{"model": "toaster"}""", 400, "model: 'toaster' is not in the device catalog")]
    [InlineData("""{"model": "outlet", "id": "a/b"}""", 400, "id: 'a/b' has '/'")]
    [InlineData("""{"model": "outlet", "id": "twice"}""", 409, "already registered")]
    public async Task A_bad_registration_is_refused_with_the_field_named(string request, int status, string message)
    {
        await using var host = await TestHost.StartAsync();
        await host.ProvisionAsync("cuco.plug.v2eur", "twice");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.HttpPort}/") };

        var response = await http.PostAsync("api/devices", new StringContent(request, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await host.Provisioner.ListAsync()).Devices);
    }

    [Fact]
    public async Task With_an_api_token_the_api_answers_only_requests_that_carry_it()
    {
        await using var host = await TestHost.StartAsync(apiToken: "s3cret-token");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.HttpPort}/") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("dashboard")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/devices")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret-token");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("api/devices", new { model = "outlet", id = "tokened" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("dashboard/")).StatusCode);
    }

    [Fact]
    public async Task A_bulk_registration_registers_every_device_and_the_list_pages_through_them_in_id_order()
    {
        await using var host = await TestHost.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.HttpPort}/") };
        var devices = Enumerable.Range(0, 2_500).Select(i => new { model = "outlet", id = $"plug-{i:D5}", household = i % 2 == 0 ? "bulk-home" : null }).ToList();

        var response = await http.PostAsJsonAsync("api/devices/bulk", new { devices });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var credentials = body.RootElement.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(2_500, credentials.Count);

        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>(after is null ? "api/devices?limit=1000" : $"api/devices?limit=1000&after={after}");
            seen.AddRange(page.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()!));
            Assert.Equal(2_500, page.GetProperty("count").GetInt64());
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);
        Assert.Equal(devices.Select(d => d.id), seen);
        Assert.Equal(2_500, (await http.GetFromJsonAsync<JsonElement>("api/devices/count")).GetProperty("count").GetInt64());

        // A device registered in bulk is a full device: its twin exists, it lives in its household, and it connects.
        var last = credentials[^1].GetProperty("mqtt");
        Assert.Equal("plug-02499", last.GetProperty("username").GetString());
        await (await host.ConnectAsync("plug-02499", "plug-02499", last.GetProperty("password").GetString())).LeaveAsync();
        Assert.Equal("outlet", (await host.Device("plug-02498").GetTwin()).Type);
        var home = await host.Grains.GetGrain<AIoT.Ecosystem.Households.IHouseholdGrain>("bulk-home").GetSummary();
        Assert.Equal(1_250, home.Devices);

        // Each device of a bulk is answered as one registration is, field for field.
        var one = await http.PostAsJsonAsync("api/devices", new { model = "outlet", id = "plug-single" });
        using var single = JsonDocument.Parse(await one.Content.ReadAsStringAsync());
        Assert.Equal(Shape(single.RootElement), Shape(credentials[0]));
        Assert.Equal(Shape(single.RootElement), Shape(credentials[1]));
        Assert.Equal(JsonValueKind.Null, credentials[1].GetProperty("device").GetProperty("householdId").ValueKind);
        Assert.Equal("bulk-home", credentials[0].GetProperty("device").GetProperty("householdId").GetString());
        Assert.Equal("aiot/plug-02499/", last.GetProperty("topicPrefix").GetString());
        Assert.Equal(host.MqttPort(), last.GetProperty("port").GetInt32());
    }

    /// <summary>The property names of a JSON object in order, nested ones as parent.child.</summary>
    private static List<string> Shape(JsonElement element, string prefix = "") =>
        element.EnumerateObject().SelectMany(p => p.Value.ValueKind == JsonValueKind.Object
            ? Shape(p.Value, $"{prefix}{p.Name}.")
            : [$"{prefix}{p.Name}"]).ToList();

    [Fact]
    public async Task A_bulk_registration_with_a_taken_or_repeated_id_registers_none_and_names_it()
    {
        await using var host = await TestHost.StartAsync();
        await host.ProvisionAsync("cuco.plug.v2eur", "taken");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.HttpPort}/") };

        var conflict = await http.PostAsJsonAsync("api/devices/bulk", new { devices = new[] { new { model = "outlet", id = "fresh-1" }, new { model = "outlet", id = "taken" } } });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("'taken' is already registered", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var repeated = await http.PostAsJsonAsync("api/devices/bulk", new { devices = new[] { new { model = "outlet", id = "twin" }, new { model = "outlet", id = "twin" } } });
        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);
        Assert.Contains("devices[1].id: device 'twin' appears twice", await repeated.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unknown = await http.PostAsJsonAsync("api/devices/bulk", new { devices = new[] { new { model = "outlet", id = "ok-1" }, new { model = "toaster", id = "ok-2" } } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("devices[1].model: 'toaster' is not in the device catalog", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(["taken"], (await host.Provisioner.ListAsync()).Devices.Select(d => d.DeviceId));
    }

    [Fact]
    public async Task The_orleans_dashboard_is_served_under_dashboard()
    {
        await using var host = await TestHost.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.HttpPort}/") };

        var page = await http.GetAsync("dashboard");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
