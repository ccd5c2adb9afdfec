using System.Text.RegularExpressions;
using AIoT.Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AIoT.Dashboard.Tests;

/// <summary>The overview route #/ and search, in chromium, against a host with the demo population.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OverviewPageTests(DashboardFixture dashboard)
{
    private static readonly string[] Totals =
    [
        "total-households", "total-devices", "total-devices-online", "total-people-at-home", "total-vehicles-driving",
        "total-vehicles-charging", "total-mqtt-clients", "total-messages-per-second", "total-scene-firings-per-second", "total-active-grains",
    ];

    [Fact]
    public async Task The_dashboard_loads_with_the_demo_population_and_goes_live()
    {
        var overview = await dashboard.SettledOverviewAsync();
        var households = (await dashboard.GetJsonAsync("api/households")).GetProperty("items").EnumerateArray().ToList();
        await using var session = await dashboard.OpenAsync(nameof(The_dashboard_loads_with_the_demo_population_and_goes_live));
        var page = session.Page;

        await session.GotoAsync("#/");

        await Expect(page.GetByTestId("live-status")).ToHaveTextAsync("live");
        await Expect(page.GetByTestId("total-households")).ToHaveTextAsync(DashboardFixture.DemoHouseholds.ToString());
        await Expect(page.GetByTestId("total-devices")).ToHaveTextAsync(overview.GetProperty("devices").GetInt32().ToString());
        foreach (var total in Totals)
        {
            await Expect(page.GetByTestId(total)).ToHaveTextAsync(new Regex(@"^\s*\d[\d,]*(\.\d+)?\s*$"));
        }

        var rows = page.Locator("[data-testid=household-list] [data-testid=household-row]");
        await Expect(rows).ToHaveCountAsync(households.Count);
        var listed = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.householdId)");
        Assert.Equal(households.Select(h => h.GetProperty("id").GetString()).Order(), listed.Order());
        foreach (var household in households)
        {
            var id = household.GetProperty("id").GetString();
            var row = page.Locator($"[data-testid=household-row][data-household-id=\"{id}\"]");
            await Expect(row.Locator($"a[href=\"#/households/{id}\"]")).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync(household.GetProperty("name").GetString()!);
        }

        await Expect(page.Locator("canvas[data-testid=chart-messages]")).ToBeVisibleAsync();
        await Expect(page.Locator("canvas[data-testid=chart-devices-online]")).ToBeVisibleAsync();
        await Expect(page.Locator("a[data-testid=orleans-dashboard]")).ToHaveAttributeAsync("href", new Regex("^(/dashboard/|.*//127\\.0\\.0\\.1:\\d+/dashboard/)$"));

        // A row's link opens the household.
        var first = households[0];
        await page.Locator($"[data-testid=household-row][data-household-id=\"{first.GetProperty("id").GetString()}\"] a[href=\"#/households/{first.GetProperty("id").GetString()}\"]").ClickAsync();
        await Expect(page.GetByTestId("household-name")).ToContainTextAsync(first.GetProperty("name").GetString()!);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Search_by_a_person_id_opens_the_person_and_by_the_start_of_an_id_lists_the_devices()
    {
        var household = await dashboard.GetJsonAsync("api/households/hh-0000005");
        var person = household.GetProperty("people")[0];
        var personId = person.GetProperty("personId").GetString()!;
        // The start of the household's device ids, no id itself: the page opens an exact match instead of listing.
        const string DevicePrefix = "hh-0000005-d";
        var devices = (await dashboard.GetJsonAsync($"api/search?q={DevicePrefix}&limit=50")).GetProperty("matches").EnumerateArray().ToList();
        Assert.True(devices.Count > 1 && devices.All(d => d.GetProperty("kind").GetString() == "device"), "the prefix matches several demo devices and nothing else");
        await using var session = await dashboard.OpenAsync(nameof(Search_by_a_person_id_opens_the_person_and_by_the_start_of_an_id_lists_the_devices));
        var page = session.Page;
        await session.GotoAsync("#/");
        var search = page.Locator("input[data-testid=search]");
        var results = page.Locator("a[data-testid=search-result]");

        await search.FillAsync(personId);
        await search.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape($"#/people/{personId}") + "$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = person.GetProperty("name").GetString() })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("person-location")).Not.ToBeEmptyAsync();

        await search.FillAsync(DevicePrefix);
        await search.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape($"#/search/{DevicePrefix}") + "$"));
        await Expect(results).ToHaveCountAsync(devices.Count);
        foreach (var device in devices)
        {
            await Expect(page.Locator($"a[data-testid=search-result][href=\"#/devices/{device.GetProperty("id").GetString()}\"]")).ToHaveCountAsync(1);
        }

        // A result opens its device.
        var chosen = devices[^1].GetProperty("id").GetString()!;
        var twin = await dashboard.TwinAsync(chosen);
        await page.Locator($"a[data-testid=search-result][href=\"#/devices/{chosen}\"]").ClickAsync();
        await Expect(page.GetByTestId("device-name")).ToContainTextAsync(twin.GetProperty("name").GetString()!);
        session.AssertNoScriptErrors();
    }
}
