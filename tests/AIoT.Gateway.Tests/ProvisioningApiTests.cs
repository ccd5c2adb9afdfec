using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt.Client;
using AIoT.Mqtt.Packets;

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
        Assert.Equal("kettle", Assert.Single(listed.EnumerateArray()).GetProperty("deviceId").GetString());
        await (await host.ConnectAsync("kettle", "kettle", secret)).DisposeAsync();

        var renewed = await http.PostAsync("api/devices/kettle/secret", null);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var old = await Assert.ThrowsAsync<MqttConnectException>(() => host.ConnectAsync("kettle", "kettle", secret));
        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, old.ReasonCode);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("api/devices/kettle")).StatusCode);
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("api/devices")).EnumerateArray());
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
        Assert.Single(await host.Provisioner.ListAsync());
    }

    [Fact]
    public async Task With_an_api_token_the_api_answers_only_requests_that_carry_it()
    {
        await using var host = await TestHost.StartAsync(apiToken: "s3cret-token");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.HttpPort}/") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/devices")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/devices")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret-token");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("api/devices", new { model = "outlet", id = "tokened" })).StatusCode);
    }
}
