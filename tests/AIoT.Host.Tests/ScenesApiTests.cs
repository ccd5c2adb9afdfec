using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AIoT.Host.Demo;
using AIoT.Host.Tests.Support;
using AIoT.Scenes.Files;

namespace AIoT.Host.Tests;

/// <summary>The HTTP API behind `aiot scenes ...`: scene files saved whole or not at all, problems by line, and a scene's life.</summary>
public sealed class ScenesApiTests
{
    private const string KettleOff = """
        id: kettle-off
        name: Kettle off at night
        triggers:
          - type: time
            at: "23:00"
        actions:
          - type: set
            device: flat-plug
            properties:
              switch.on: false
          - type: notify
            message: The kettle is off.
        """;

    [Fact]
    public async Task A_scene_file_posted_as_yaml_is_saved_listed_and_read_back_in_the_file_format()
    {
        await using var host = await InProcessHost.StartAsync();
        using var http = host.Http();
        await http.AddDevicesAsync("flat", ("outlet", "kitchen", "flat-plug"));

        var created = await PostFileAsync(http, "api/households/flat/scenes", KettleOff, "text/yaml");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/households/flat/scenes/kettle-off", created.Headers.Location?.OriginalString);
        var saved = Assert.Single((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scenes").EnumerateArray());
        Assert.False(saved.GetProperty("replaced").GetBoolean());

        var listed = Assert.Single((await http.GetFromJsonAsync<JsonElement>("api/households/flat/scenes")).GetProperty("scenes").EnumerateArray());
        Assert.Equal("kettle-off", listed.GetProperty("id").GetString());
        Assert.True(listed.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("lastFired").ValueKind);
        // The scene as the file holds it, stored by MIoT key: what the API returns can be saved again as it is.
        Assert.Equal("2.1", Assert.Single(listed.GetProperty("scene").GetProperty("actions")[0].GetProperty("properties").EnumerateObject()).Name);

        var yaml = await http.GetStringAsync("api/households/flat/scenes?format=yaml");
        var reread = SceneFileReader.Read(yaml);
        Assert.True(reread.Succeeded, string.Join("\n", reread.Problems));
        Assert.Equal("Kettle off at night", Assert.Single(reread.Scenes).Name);
        Assert.Equal("kettle-off", (await http.GetFromJsonAsync<JsonElement>("api/households/flat/scenes/kettle-off")).GetProperty("id").GetString());

        // Posting the same id again replaces it.
        var replaced = await PostFileAsync(http, "api/households/flat/scenes", KettleOff.Replace("Kettle off at night", "Kettle off"), "application/yaml");
        Assert.True(Assert.Single((await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scenes").EnumerateArray()).GetProperty("replaced").GetBoolean());
        Assert.Equal("Kettle off", Assert.Single(await ListAsync(http, "flat")).GetProperty("name").GetString());
    }

    public static TheoryData<string, int, string, string> BrokenFiles => new()
    {
        // An unknown property on a device, in a file that would replace the saved scene.
        {
            """
            id: kettle-off
            name: Kettle off, broken
            triggers:
              - type: time
                at: "23:00"
            actions:
              - type: set
                device: flat-plug
                properties:
                  switch.of: false
            """,
            10, "actions[0].properties.switch.of", "has no property 'switch.of'"
        },
        // A YAML value of the wrong type.
        {
            """
            id: warm-plug
            name: Plug draws power
            triggers:
              - type: property
                device: flat-plug
                property: power-consumption.electric-power
                above: hot
            actions:
              - type: notify
                message: The plug draws power.
            """,
            7, "triggers[0].above", "expected a number, got 'hot'"
        },
        // Two scenes, the second one broken: the first is not saved either.
        {
            """
            scenes:
              - id: plug-on
                name: Plug on in the morning
                triggers: [{ type: time, at: "07:00" }]
                actions: [{ type: set, device: flat-plug, properties: { switch.on: true } }]
              - id: toaster-on
                name: Toaster on
                triggers: [{ type: time, at: "07:05" }]
                actions:
                  - type: set
                    device: flat-toaster
                    properties: { switch.on: true }
            """,
            11, "scenes[1].actions[0].device", "flat-toaster"
        },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task A_broken_file_is_refused_naming_the_line_and_field_and_nothing_of_it_is_saved(string file, int line, string path, string message)
    {
        await using var host = await InProcessHost.StartAsync();
        using var http = host.Http();
        await http.AddDevicesAsync("flat", ("outlet", "kitchen", "flat-plug"));
        Assert.Equal(HttpStatusCode.Created, (await PostFileAsync(http, "api/households/flat/scenes", KettleOff, "application/yaml")).StatusCode);

        var refused = await PostFileAsync(http, "api/households/flat/scenes", file, "application/yaml");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var problem = Assert.Single(body.GetProperty("problems").EnumerateArray());
        Assert.Equal(line, problem.GetProperty("line").GetInt32());
        Assert.Equal(path, problem.GetProperty("path").GetString());
        Assert.Contains(message, problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains($"line {line}, {path}", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("nothing was saved", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var listed = Assert.Single(await ListAsync(http, "flat"));
        Assert.Equal("Kettle off at night", listed.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Validate_checks_the_form_alone_or_against_a_household_and_saves_nothing()
    {
        await using var host = await InProcessHost.StartAsync();
        using var http = host.Http();
        await http.AddDevicesAsync("flat", ("outlet", "kitchen", "flat-plug"));
        var ghost = KettleOff.Replace("device: flat-plug", "device: flat-ghost");

        var formOnly = await PostFileAsync(http, "api/scenes/validate", ghost, "application/yaml");
        Assert.Equal(HttpStatusCode.OK, formOnly.StatusCode);
        var valid = await formOnly.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(valid.GetProperty("valid").GetBoolean());
        Assert.Equal("kettle-off", Assert.Single(valid.GetProperty("scenes").EnumerateArray()).GetString());

        var against = await PostFileAsync(http, "api/scenes/validate?household=flat", ghost, "application/yaml");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, against.StatusCode);
        var problem = Assert.Single((await against.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray());
        Assert.Equal("actions[0].device", problem.GetProperty("path").GetString());
        Assert.Equal(8, problem.GetProperty("line").GetInt32());

        var syntax = await PostFileAsync(http, "api/scenes/validate", "id: [broken\nname: x\n", "application/yaml");
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        Assert.Equal("file", (await syntax.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0].GetProperty("path").GetString());

        // Scenes of one file may run each other: each counts as existing for the others.
        const string chained = """
            scenes:
              - id: first
                name: First
                triggers: [{ type: time, at: "07:00" }]
                actions: [{ type: scene, scene: second }]
              - id: second
                name: Second
                triggers: [{ type: time, at: "08:00" }]
                actions: [{ type: notify, message: Second. }]
            """;
        Assert.Equal(HttpStatusCode.OK, (await PostFileAsync(http, "api/scenes/validate?household=flat", chained, "application/yaml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFileAsync(http, "api/scenes/validate?household=nowhere", chained, "application/yaml")).StatusCode);

        Assert.Empty(await ListAsync(http, "flat"));
    }

    [Fact]
    public async Task A_scene_is_fired_with_each_actions_outcome_disabled_enabled_and_removed()
    {
        await using var host = await InProcessHost.StartAsync();
        using var http = host.Http();
        await http.AddDevicesAsync("flat", ("outlet", "kitchen", "flat-plug"));
        await PostFileAsync(http, "api/households/flat/scenes", KettleOff, "application/yaml");

        var fired = await http.PostAsync("api/households/flat/scenes/kettle-off/fire", null);
        Assert.Equal(HttpStatusCode.OK, fired.StatusCode);
        var firing = await fired.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(firing.GetProperty("succeeded").GetBoolean());
        var outcomes = firing.GetProperty("outcomes").EnumerateArray().ToList();
        // The plug was registered but never connected: nothing is sent to it, and the notification still goes out.
        Assert.Equal(["offline", "ok"], outcomes.Select(o => o.GetProperty("status").GetString()));
        Assert.Equal("flat-plug", outcomes[0].GetProperty("target").GetString());

        var activity = await http.GetFromJsonAsync<JsonElement>("api/households/flat/scenes/activity");
        Assert.Equal("kettle-off", Assert.Single(activity.GetProperty("firings").EnumerateArray()).GetProperty("sceneId").GetString());
        Assert.Equal("The kettle is off.", Assert.Single(activity.GetProperty("notifications").EnumerateArray()).GetProperty("message").GetString());
        Assert.Equal("kettle-off", Assert.Single(activity.GetProperty("waiting").EnumerateArray()).GetProperty("sceneId").GetString());

        var disabled = await (await http.PostAsync("api/households/flat/scenes/kettle-off/disable", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.False(Assert.Single(await ListAsync(http, "flat")).GetProperty("scene").GetProperty("enabled").GetBoolean());
        Assert.True((await (await http.PostAsync("api/households/flat/scenes/kettle-off/enable", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("api/households/flat/scenes/kettle-off")).StatusCode);
        Assert.Empty(await ListAsync(http, "flat"));
        var gone = await http.DeleteAsync("api/households/flat/scenes/kettle-off");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("has no scene 'kettle-off'", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("api/households/flat/scenes/kettle-off/fire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("api/households/flat/scenes/kettle-off/enable", null)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_household_a_wrong_content_type_and_an_oversized_file_are_refused_with_what_to_do()
    {
        await using var host = await InProcessHost.StartAsync();
        using var http = host.Http();
        await http.AddDevicesAsync("flat", ("outlet", "kitchen", "flat-plug"));

        var unknown = await http.GetAsync("api/households/nowhere/scenes");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Household 'nowhere' does not exist", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFileAsync(http, "api/households/nowhere/scenes", KettleOff, "application/yaml")).StatusCode);

        var form = await http.PostAsync("api/households/flat/scenes", new FormUrlEncodedContent([new("id", "x")]));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Contains("Content-Type: application/yaml", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var huge = await PostFileAsync(http, "api/households/flat/scenes", KettleOff + "\n#" + new string('x', SceneFileReader.MaxFileChars), "application/yaml");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("split it", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("api/households/flat/scenes?format=xml")).StatusCode);
        Assert.Empty(await ListAsync(http, "flat"));
    }

    [Fact]
    public async Task A_demo_household_has_its_suggestions_installed_each_with_its_reason_and_one_removed_is_accepted_back()
    {
        await using var host = await InProcessHost.StartAsync(demoHouseholds: 1);
        using var http = host.Http();
        var household = DemoPopulation.Plans(HostSettingsSeed, 1)[0].HouseholdId;

        var suggestions = await SuggestionsAsync(http, household);
        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, s =>
        {
            Assert.True(s.GetProperty("installed").GetBoolean(), s.GetProperty("id").GetString());
            Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("reason").GetString()));
            Assert.Equal(s.GetProperty("id").GetString(), s.GetProperty("scene").GetProperty("id").GetString());
        });

        var id = suggestions[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"api/households/{household}/scenes/{id}")).StatusCode);
        Assert.False((await SuggestionsAsync(http, household)).Single(s => s.GetProperty("id").GetString() == id).GetProperty("installed").GetBoolean());

        var accepted = await http.PostAsync($"api/households/{household}/scenes/suggestions/{id}/accept", null);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.True((await SuggestionsAsync(http, household)).Single(s => s.GetProperty("id").GetString() == id).GetProperty("installed").GetBoolean());
        Assert.Contains(await ListAsync(http, household), s => s.GetProperty("id").GetString() == id);

        var unknown = await http.PostAsync($"api/households/{household}/scenes/suggestions/no-such-suggestion/accept", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("/scenes/suggestions lists the suggestions", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_api_token_the_scenes_api_answers_only_requests_that_carry_it()
    {
        await using var host = await InProcessHost.StartAsync(apiToken: "scene-token");
        using var http = host.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/households/flat/scenes")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFileAsync(http, "api/scenes/validate", KettleOff, "application/yaml")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "scene-token");
        await http.AddDevicesAsync("flat", ("outlet", "kitchen", "flat-plug"));
        Assert.Equal(HttpStatusCode.Created, (await PostFileAsync(http, "api/households/flat/scenes", KettleOff, "application/yaml")).StatusCode);
        Assert.Single(await ListAsync(http, "flat"));
    }

    /// <summary>The host's default --seed, which the demo population is made from.</summary>
    private static int HostSettingsSeed => new AIoT.Host.Hosting.HostSettings().Seed;

    private static Task<HttpResponseMessage> PostFileAsync(HttpClient http, string path, string file, string contentType) =>
        http.PostAsync(path, new StringContent(file, Encoding.UTF8, contentType));

    private static async Task<List<JsonElement>> ListAsync(HttpClient http, string household) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"api/households/{household}/scenes")).GetProperty("scenes").EnumerateArray()];

    private static async Task<List<JsonElement>> SuggestionsAsync(HttpClient http, string household) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"api/households/{household}/scenes/suggestions")).GetProperty("suggestions").EnumerateArray()];
}
