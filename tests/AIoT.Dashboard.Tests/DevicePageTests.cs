using System.Text.Json;
using AIoT.Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AIoT.Dashboard.Tests;

/// <summary>The device route #/devices/{id}: setting properties from the page, through POST /api/devices/{id}/properties to the device on MQTT.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DevicePageTests(DashboardFixture dashboard)
{
    private const string Household = "hh-0000001";
    private const string Light = "yeelink.light.ceiling22";

    [Fact]
    public async Task A_property_set_from_the_page_reaches_the_MQTT_device_and_the_twin()
    {
        await using var light = await RegisterLightAsync("dash-set-light", """{"2.1": true, "2.2": 20}""", brightness: 20);
        await using var session = await dashboard.OpenAsync(nameof(A_property_set_from_the_page_reaches_the_MQTT_device_and_the_twin));
        var page = session.Page;
        await session.GotoLiveAsync($"#/devices/{light.Id}", $"/api/live/devices/{light.Id}");
        await Expect(page.GetByTestId("device-name")).ToContainTextAsync($"Test {light.Id}");
        await Expect(page.GetByTestId("device-online")).ToHaveTextAsync("online");
        var brightness = Value(page, "2.2");
        await Expect(brightness).ToContainTextAsync("20");
        await Expect(page.Locator("canvas[data-testid=history-chart]")).ToHaveCountAsync(1);

        await Control(page, "2.2").Locator("input").FillAsync("55");
        await Control(page, "2.2").GetByTestId("property-set").ClickAsync();

        var set = await light.NextSetAsync();
        Assert.Equal("""{"2.2":55}""", JsonSerializer.Serialize(set.Set));
        await light.ReplyAsync(set);
        await Expect(Result(page, "2.2")).ToContainTextAsync("ok");
        await Expect(brightness).ToContainTextAsync("55");
        Assert.Equal(55, (await dashboard.TwinAsync(light.Id)).Value("2.2").GetInt32());

        // A bool goes through its select: turn the light off.
        var on = Control(page, "2.1").Locator("select");
        var off = await on.EvaluateAsync<string?>("s => ([...s.options].find(o => /^(false|off)$/i.test(o.value) || /^(false|off)$/i.test(o.text.trim())) ?? {}).value ?? null");
        Assert.True(off is not null, "the light's on/off select has an option for off (false)");
        await on.SelectOptionAsync(off);
        await Control(page, "2.1").GetByTestId("property-set").ClickAsync();

        set = await light.NextSetAsync();
        Assert.Equal("""{"2.1":false}""", JsonSerializer.Serialize(set.Set));
        await light.ReplyAsync(set);
        await Expect(Result(page, "2.1")).ToContainTextAsync("ok");
        Assert.False((await dashboard.TwinAsync(light.Id)).Value("2.1").GetBoolean());
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_refused_value_shows_the_MIoT_error_and_leaves_the_twin_and_the_device_alone()
    {
        await using var light = await RegisterLightAsync("dash-refuse-light", """{"2.1": true, "2.2": 40}""", brightness: 40);
        await using var session = await dashboard.OpenAsync(nameof(A_refused_value_shows_the_MIoT_error_and_leaves_the_twin_and_the_device_alone));
        var page = session.Page;
        await session.GotoAsync($"#/devices/{light.Id}");
        await Expect(Value(page, "2.2")).ToContainTextAsync("40");
        var properties = $"/api/devices/{light.Id}/properties";

        // Brightness is a percentage, [0, 100].
        await Control(page, "2.2").Locator("input").FillAsync("150");
        var answer = await page.RunAndWaitForResponseAsync(
            () => Control(page, "2.2").GetByTestId("property-set").ClickAsync(),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == properties);

        using (var sent = JsonDocument.Parse(answer.Request.PostData ?? "null"))
        {
            Assert.Equal(150, sent.RootElement.GetProperty("2.2").GetInt32());
        }

        using var results = JsonDocument.Parse(await answer.TextAsync());
        var refusal = Assert.Single(results.RootElement.EnumerateArray());
        Assert.Equal(-4005, refusal.GetProperty("code").GetInt32());
        var reason = refusal.GetProperty("error").GetString()!;
        await Expect(Result(page, "2.2")).ToContainTextAsync("-4005");
        await Expect(Result(page, "2.2")).ToContainTextAsync(reason);
        Assert.Equal(40, (await dashboard.TwinAsync(light.Id)).Value("2.2").GetInt32());
        await Expect(Value(page, "2.2")).ToContainTextAsync("40");

        // The refused value never went to the device: the next set it hears is the good one that follows.
        await Control(page, "2.2").Locator("input").FillAsync("60");
        await Control(page, "2.2").GetByTestId("property-set").ClickAsync();
        var set = await light.NextSetAsync();
        Assert.Equal("""{"2.2":60}""", JsonSerializer.Serialize(set.Set));
        await light.ReplyAsync(set);
        await Expect(Result(page, "2.2")).ToContainTextAsync("ok");
        session.AssertNoScriptErrors();
    }

    private async Task<MqttDevice> RegisterLightAsync(string id, string report, int brightness)
    {
        var room = (await dashboard.GetJsonAsync($"api/households/{Household}")).GetProperty("rooms")[0].GetProperty("name").GetString()!;
        var light = await MqttDevice.RegisterAsync(dashboard, id, Light, Household, room);
        try
        {
            await light.ReportAsync(report);
            await dashboard.TwinReachesAsync(id, "2.2", brightness);
            return light;
        }
        catch
        {
            await light.DisposeAsync();
            throw;
        }
    }

    private static ILocator Value(IPage page, string key) => page.Locator($"[data-testid=property][data-key=\"{key}\"] [data-testid=property-value]");

    private static ILocator Control(IPage page, string key) => page.Locator($"[data-testid=property-control][data-key=\"{key}\"]");

    private static ILocator Result(IPage page, string key) => page.Locator($"[data-testid=property-result][data-key=\"{key}\"]");
}
