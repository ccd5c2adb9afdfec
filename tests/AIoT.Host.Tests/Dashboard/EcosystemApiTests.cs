using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AIoT.Ecosystem.Households;
using AIoT.Host.Tests.Support;

namespace AIoT.Host.Tests.Dashboard;

/// <summary>What the dashboard reads: the demo population through the index, the twins and the live streams.</summary>
public sealed class EcosystemApiTests(DemoHostFixture demo) : IClassFixture<DemoHostFixture>
{
    private HttpClient Http => demo.Http;

    [Fact]
    public async Task The_overview_counts_the_demo_population_from_the_index_and_the_twins_totals()
    {
        var households = await Task.WhenAll(
            (await Http.GetFromJsonAsync<JsonElement>("api/households")).GetProperty("items").EnumerateArray()
                .Select(h => demo.Host.Grains.GetGrain<IHouseholdGrain>(h.GetProperty("id").GetString()!).GetSnapshot()));
        var devices = households.Sum(h => h.DevicesByRoom.Values.Sum(d => d.Count));
        var people = households.Sum(h => h.Members.Count);

        await using var live = await ServerSentEvents.OpenAsync(Http, "api/live");
        // The simulation brings every demo device online; the totals hear of each one as it happens.
        var overview = await live.WaitForAsync(
            "overview",
            o => o.GetProperty("devicesOnline").GetInt64() == devices,
            $"{devices} demo devices online in the live overview");

        Assert.Equal(3, overview.GetProperty("households").GetInt64());
        Assert.Equal(devices, overview.GetProperty("devices").GetInt64());
        Assert.Equal(people, overview.GetProperty("people").GetInt64());
        Assert.Equal(households.Sum(h => h.Vehicles.Count), overview.GetProperty("vehicles").GetInt64());
        Assert.True(overview.GetProperty("activeGrains").GetInt64() >= devices, overview.ToString());
        Assert.Equal(3, (await Http.GetFromJsonAsync<JsonElement>("api/overview")).GetProperty("households").GetInt64());
    }

    [Fact]
    public async Task Households_are_listed_a_page_at_a_time_in_id_order_with_their_summaries()
    {
        var first = await Http.GetFromJsonAsync<JsonElement>("api/households?limit=2");
        Assert.Equal(3, first.GetProperty("count").GetInt64());
        var firstIds = first.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList();
        Assert.Equal(2, firstIds.Count);
        Assert.Equal(firstIds[^1], first.GetProperty("next").GetString());

        var second = await Http.GetFromJsonAsync<JsonElement>($"api/households?limit=2&after={first.GetProperty("next").GetString()}");
        var last = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal([.. firstIds, last.GetProperty("id").GetString()!], firstIds.Append(last.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.True(last.GetProperty("devices").GetInt32() > 0);
        Assert.Contains(last.GetProperty("mode").GetString(), new[] { "home", "away", "sleep", "armed" });

        var refused = await Http.GetAsync("api/households?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("limit: a page holds 1 to 200", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_household_page_holds_its_rooms_devices_people_and_car_as_the_grains_do()
    {
        var id = await HouseholdWithCarAsync();
        var snapshot = await demo.Host.Grains.GetGrain<IHouseholdGrain>(id).GetSnapshot();

        var page = await Http.GetFromJsonAsync<JsonElement>($"api/households/{id}");

        Assert.Equal(snapshot.Name, page.GetProperty("name").GetString());
        var rooms = page.GetProperty("rooms").EnumerateArray().ToDictionary(
            r => r.GetProperty("name").GetString()!,
            r => r.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()!).ToList());
        Assert.Equal(snapshot.DevicesByRoom.Keys.Order(), rooms.Keys.Order());
        foreach (var (room, devices) in snapshot.DevicesByRoom)
        {
            Assert.Equal(devices, rooms[room]);
        }

        Assert.Equal(snapshot.Members, page.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("personId").GetString()));
        var car = Assert.Single(page.GetProperty("vehicles").EnumerateArray());
        Assert.Equal("park", car.GetProperty("gear").GetString());
        Assert.True(car.GetProperty("stateOfChargePercent").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Number, car.GetProperty("distanceToHomeKm").ValueKind);

        var missing = await Http.GetAsync("api/households/no-such-home");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("GET /api/households lists them", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Search_finds_a_person_by_id_devices_by_the_start_of_their_ids_and_an_mqtt_device_without_a_household()
    {
        var id = await HouseholdWithCarAsync();
        var personId = (await demo.Host.Grains.GetGrain<IHouseholdGrain>(id).GetSnapshot()).Members[0];

        var person = await Http.GetFromJsonAsync<JsonElement>($"api/search?q={personId}");
        var found = person.GetProperty("matches")[0];
        Assert.Equal(("person", personId), (found.GetProperty("kind").GetString(), found.GetProperty("id").GetString()));

        var devices = (await Http.GetFromJsonAsync<JsonElement>($"api/search?q={id}-d1&limit=50")).GetProperty("matches").EnumerateArray().ToList();
        Assert.NotEmpty(devices);
        Assert.All(devices, d => Assert.StartsWith($"{id}-d1", d.GetProperty("id").GetString()));
        Assert.All(devices, d => Assert.Equal("device", d.GetProperty("kind").GetString()));

        Assert.True((await Http.PostAsJsonAsync("api/devices", new { model = "outlet", id = "loose-plug" })).IsSuccessStatusCode);
        var loose = (await Http.GetFromJsonAsync<JsonElement>("api/search?q=loose-plug")).GetProperty("matches")[0];
        Assert.Equal(("device", "loose-plug"), (loose.GetProperty("kind").GetString(), loose.GetProperty("id").GetString()));

        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("api/search?q=")).StatusCode);
    }

    [Fact]
    public async Task A_device_stream_tells_a_set_as_it_happens_and_its_history_keeps_it()
    {
        var id = await HouseholdWithCarAsync();
        var light = (await Http.GetFromJsonAsync<JsonElement>($"api/search?q={id}&limit=50")).GetProperty("matches").EnumerateArray()
            .First(m => m.GetProperty("kind").GetString() == "device" && m.GetProperty("detail").GetString() == "yeelink.light.ceiling22")
            .GetProperty("id").GetString();
        Assert.NotEmpty((await Http.GetFromJsonAsync<JsonElement>($"api/devices/{light}/history?key=light.brightness")).GetProperty("changes").EnumerateArray());

        await using var live = await ServerSentEvents.OpenAsync(Http, $"api/live/devices/{light}");
        await live.WaitForAsync("ready", _ => true, "the stream to open");
        var set = await Http.PostAsJsonAsync($"api/devices/{light}/properties", new Dictionary<string, object> { ["light.brightness"] = 37 });
        Assert.Equal(0, (await set.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("code").GetInt32());

        var change = await live.WaitForAsync(
            "property",
            p => p.GetProperty("changes").EnumerateArray().Any(c => c.GetProperty("alias").GetString() == "light.brightness" && c.GetProperty("value").GetInt32() == 37),
            "the brightness set to 37 on the device stream");
        Assert.Equal("command", change.GetProperty("source").GetString());

        var history = await Http.GetFromJsonAsync<JsonElement>($"api/devices/{light}/history?key=light.brightness");
        Assert.Equal(37, history.GetProperty("changes").EnumerateArray().Last().GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task The_catalog_says_which_properties_a_page_may_offer_to_set_and_their_ranges()
    {
        var catalog = await Http.GetFromJsonAsync<JsonElement>("api/catalog/yeelink.light.ceiling22");
        var brightness = catalog.GetProperty("properties").EnumerateArray().Single(p => p.GetProperty("alias").GetString() == "light.brightness");
        Assert.True(brightness.GetProperty("writable").GetBoolean());
        Assert.Equal(100, brightness.GetProperty("range").GetProperty("max").GetDouble());
        var model = catalog.GetProperty("properties").EnumerateArray().Single(p => p.GetProperty("alias").GetString() == "device-information.model");
        Assert.False(model.GetProperty("writable").GetBoolean());

        var missing = await Http.GetAsync("api/catalog/acme.toaster.v1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("aiot catalog", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_page_and_its_scripts_are_served_by_the_host_and_load_nothing_from_elsewhere()
    {
        var page = await Http.GetStringAsync("/");
        var assets = System.Text.RegularExpressions.Regex.Matches(page, "(?:src|href)=\"([^\"#]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("/ui/app.js", assets);
        foreach (var asset in assets)
        {
            Assert.StartsWith("/", asset);
            var response = await Http.GetAsync(asset);
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {(int)response.StatusCode}");
            // Nothing it loads names another host: no script, style, font or image from a CDN.
            Assert.DoesNotMatch("(?:src|href)=[\"']?(?:https?:)?//|url\\([\"']?(?:https?:)?//|@import|fetch\\([\"'`](?:https?:)?//", await response.Content.ReadAsStringAsync());
        }

        var cached = new HttpRequestMessage(HttpMethod.Get, "/ui/app.js");
        cached.Headers.TryAddWithoutValidation("If-None-Match", (await Http.GetAsync("/ui/app.js")).Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await Http.SendAsync(cached)).StatusCode);
    }

    [Fact]
    public async Task A_household_holding_a_fleet_shows_its_first_200_devices_and_says_how_many_more_there_are()
    {
        // A host of its own: the demo host's totals are other tests' business.
        await using var host = await InProcessHost.StartAsync();
        using var http = host.Http();
        var fleet = Enumerable.Range(0, 205).Select(i => new { model = "outlet", household = "fleet", room = "depot", id = $"fleet-plug-{i:D3}" }).ToList();
        Assert.True((await http.PostAsJsonAsync("api/devices/bulk", new { devices = fleet })).IsSuccessStatusCode);

        var page = await http.GetFromJsonAsync<JsonElement>("api/households/fleet");

        Assert.Equal(200, page.GetProperty("rooms")[0].GetProperty("devices").GetArrayLength());
        Assert.Equal(5, page.GetProperty("devicesNotShown").GetInt32());
        // The rest are in the index all the same.
        Assert.Equal("fleet-plug-204", (await http.GetFromJsonAsync<JsonElement>("api/search?q=fleet-plug-204")).GetProperty("matches")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Scenes_firing_in_any_household_land_on_the_overview_as_they_happen()
    {
        var id = await HouseholdWithCarAsync();
        var scene = (await Http.GetFromJsonAsync<JsonElement>($"api/households/{id}/scenes")).GetProperty("scenes")[0].GetProperty("id").GetString();
        await using var live = await ServerSentEvents.OpenAsync(Http, "api/live");
        await live.WaitForAsync("ready", _ => true, "the overview stream to open");

        Assert.True((await Http.PostAsync($"api/households/{id}/scenes/{scene}/fire", null)).IsSuccessStatusCode);

        var landed = await live.WaitForAsync(
            "firing",
            f => f.GetProperty("householdId").GetString() == id && f.GetProperty("firing").GetProperty("sceneId").GetString() == scene,
            $"scene {scene} of {id} on the overview stream");
        Assert.Equal("fired by hand", landed.GetProperty("firing").GetProperty("trigger").GetString());
        var recent = (await Http.GetFromJsonAsync<JsonElement>("api/overview/firings")).GetProperty("firings").EnumerateArray().Last();
        Assert.Equal((id, scene), (recent.GetProperty("householdId").GetString(), recent.GetProperty("firing").GetProperty("sceneId").GetString()));
    }

    [Fact]
    public async Task A_household_stream_tells_when_its_mode_changes()
    {
        var id = await HouseholdWithCarAsync();
        var household = demo.Host.Grains.GetGrain<IHouseholdGrain>(id);
        await household.SetMode(HouseholdMode.Home);
        await using var live = await ServerSentEvents.OpenAsync(Http, $"api/live/households/{id}");
        await live.WaitForAsync("ready", _ => true, "the household stream to open");

        await household.SetMode(HouseholdMode.Sleep);

        await live.WaitForAsync("household", h => h.GetProperty("mode").GetString() == "sleep", $"{id}'s mode going to sleep on its stream");
        await household.SetMode(HouseholdMode.Home);
    }

    private async Task<string> HouseholdWithCarAsync()
    {
        var list = await Http.GetFromJsonAsync<JsonElement>("api/households");
        return list.GetProperty("items").EnumerateArray().First(h => h.GetProperty("vehicles").GetInt32() > 0).GetProperty("id").GetString()!;
    }
}
