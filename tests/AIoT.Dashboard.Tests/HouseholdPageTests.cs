using System.Text.Json;
using AIoT.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AIoT.Dashboard.Tests;

/// <summary>The household route #/households/{id}: what GET /api/households/{id} holds, kept live by /api/live/households/{id}.</summary>
[Collection(DashboardCollection.Name)]
public sealed class HouseholdPageTests(DashboardFixture dashboard)
{
    private const string Light = "yeelink.light.ceiling22";

    [Fact]
    public async Task A_household_page_shows_its_rooms_devices_people_and_vehicles()
    {
        // Its simulated devices come online with the simulation's first tick; compared before, one could change under the page.
        JsonElement household = default;
        await Eventually.Async(async () =>
        {
            household = await dashboard.GetJsonAsync("api/households/hh-0000005");
            return household.GetProperty("rooms").EnumerateArray().SelectMany(r => r.GetProperty("devices").EnumerateArray()).All(d => d.GetProperty("online").GetBoolean());
        }, "every device of hh-0000005 is online");
        var rooms = household.GetProperty("rooms").EnumerateArray().ToList();
        var deviceCount = rooms.Sum(r => r.GetProperty("devices").GetArrayLength());
        await using var session = await dashboard.OpenAsync(nameof(A_household_page_shows_its_rooms_devices_people_and_vehicles));
        var page = session.Page;

        await session.GotoAsync("#/households/hh-0000005");

        await Expect(page.GetByTestId("household-name")).ToContainTextAsync(household.GetProperty("name").GetString()!);
        await Expect(page.Locator("[data-testid=device]")).ToHaveCountAsync(deviceCount);
        await Expect(page.Locator("[data-testid=room]")).ToHaveCountAsync(rooms.Count);
        foreach (var room in rooms)
        {
            var name = room.GetProperty("name").GetString();
            var shown = page.Locator($"[data-testid=room][data-room=\"{name}\"]");
            await Expect(shown).ToHaveCountAsync(1);
            var ids = await shown.Locator("[data-testid=device]").EvaluateAllAsync<string[]>("devices => devices.map(d => d.dataset.deviceId)");
            Assert.Equal(room.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()).Order(), ids.Order());
            foreach (var twin in room.GetProperty("devices").EnumerateArray())
            {
                await AssertDeviceShownAsync(shown, twin);
            }
        }

        foreach (var person in household.GetProperty("people").EnumerateArray())
        {
            var shown = page.Locator($"[data-testid=person][data-person-id=\"{person.GetProperty("personId").GetString()}\"]");
            await Expect(shown).ToContainTextAsync(person.GetProperty("name").GetString()!);
            await Expect(shown.GetByTestId("person-location")).Not.ToBeEmptyAsync();
        }

        var vehicles = household.GetProperty("vehicles").EnumerateArray().ToList();
        Assert.NotEmpty(vehicles);
        foreach (var vehicle in vehicles)
        {
            var shown = page.Locator($"[data-testid=vehicle][data-vehicle-id=\"{vehicle.GetProperty("vehicleId").GetString()}\"]");
            foreach (var field in new[] { "vehicle-distance", "vehicle-charge", "vehicle-position" })
            {
                await Expect(shown.GetByTestId(field)).Not.ToBeEmptyAsync();
            }
        }

        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_device_reporting_over_MQTT_changes_its_household_page_without_a_reload()
    {
        const string Household = "hh-0000000";
        var room = (await dashboard.GetJsonAsync($"api/households/{Household}")).GetProperty("rooms")[0].GetProperty("name").GetString()!;
        await using var light = await MqttDevice.RegisterAsync(dashboard, "dash-live-light", Light, Household, room);
        await light.ReportAsync("""{"2.1": true, "2.2": 30}""");
        await dashboard.TwinReachesAsync(light.Id, "2.2", 30);
        await using var session = await dashboard.OpenAsync(nameof(A_device_reporting_over_MQTT_changes_its_household_page_without_a_reload));
        var page = session.Page;
        await session.GotoLiveAsync($"#/households/{Household}", $"/api/live/households/{Household}");
        var device = page.Locator($"[data-testid=room][data-room=\"{room}\"] [data-testid=device][data-device-id=\"{light.Id}\"]");
        var brightness = device.Locator("[data-testid=property][data-key=\"2.2\"]");
        await Expect(brightness).ToContainTextAsync("30");
        await Expect(device.GetByTestId("device-online")).ToHaveTextAsync("online");
        await Expect(page.Locator($"[data-testid=room][data-room=\"{room}\"] a[href=\"#/devices/{light.Id}\"]").First).ToBeVisibleAsync();
        // Gone after a reload or a fresh page.
        await page.EvaluateAsync("() => { window.aiotSamePage = true; }");

        await light.ReportAsync("""{"2.2": 73}""");

        await Expect(brightness).ToContainTextAsync("73");

        await light.GoOfflineAsync();

        await Expect(device.GetByTestId("device-online")).ToHaveTextAsync("offline");
        Assert.True(await page.EvaluateAsync<bool>("() => window.aiotSamePage === true"), "the page reloaded instead of updating in place");
        session.AssertNoScriptErrors();
    }

    private static async Task AssertDeviceShownAsync(Microsoft.Playwright.ILocator room, JsonElement twin)
    {
        var id = twin.GetProperty("deviceId").GetString();
        var device = room.Locator($"[data-testid=device][data-device-id=\"{id}\"]");
        await Expect(device.GetByTestId("device-online")).ToHaveTextAsync(twin.GetProperty("online").GetBoolean() ? "online" : "offline");
        var keys = await device.Locator("[data-testid=property]").EvaluateAllAsync<string[]>("properties => properties.map(p => p.dataset.key)");
        var known = twin.GetProperty("properties").EnumerateArray().Select(p => p.GetProperty("key").GetString()).ToHashSet();
        Assert.True(keys.Length > 0 && keys.All(known.Contains), $"{id} shows properties [{string.Join(", ", keys)}]; its twin has [{string.Join(", ", known)}]");
    }
}
