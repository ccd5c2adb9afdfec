using System.Net.Http.Json;
using System.Text.Json;
using AIoT.Host.Tests.Support;

namespace AIoT.Host.Tests;

/// <summary>`aiot scenes ...` run as a user runs it: validate offline, and the rest against a running host.</summary>
public sealed class ScenesCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-scenes-").FullName;

    [Fact]
    public async Task Validate_without_a_household_needs_no_host_and_prints_each_problem_at_its_file_line()
    {
        var sample = File.ReadAllLines(Path.Combine(SamplesFolder, "evening-lights.yaml"));
        var line = Array.FindIndex(sample, l => l.Contains("withinKm: 3", StringComparison.Ordinal)) + 1;
        var broken = Path.Combine(_folder, "evening-lights.yaml");
        File.WriteAllLines(broken, sample.Select(l => l.Replace("withinKm: 3", "withinKm: near", StringComparison.Ordinal)));

        // --api points nowhere: validating the file's form asks no host.
        var (exit, output) = await AiotAsync("scenes", "validate", broken, "--api", "http://127.0.0.1:1");
        Assert.True(exit == 1, output);
        Assert.Contains($"{broken}:{line}:", output, StringComparison.Ordinal);
        Assert.Contains("conditions[0].conditions[1].withinKm: expected a number, got 'near'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_mistakes_and_an_unreadable_file_exit_2_naming_the_mistake()
    {
        var (missing, missingOutput) = await AiotAsync("scenes", "list");
        Assert.Equal(2, missing);
        Assert.Contains("Required argument missing for command: 'list'", missingOutput, StringComparison.Ordinal);

        var (both, bothOutput) = await AiotAsync("scenes", "suggest", "flat", "--accept", "x", "--accept-all", "--api", "http://127.0.0.1:1");
        Assert.Equal(2, both);
        Assert.Contains("give --accept <scene> or --accept-all, not both", bothOutput, StringComparison.Ordinal);

        var nowhere = Path.Combine(_folder, "nowhere.yaml");
        var (unreadable, unreadableOutput) = await AiotAsync("scenes", "validate", nowhere);
        Assert.Equal(2, unreadable);
        Assert.Contains($"{nowhere}: cannot read the scene file", unreadableOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_sample_scene_file_is_valid()
    {
        var samples = Directory.GetFiles(SamplesFolder).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(samples);
        foreach (var sample in samples)
        {
            var (exit, output) = await AiotAsync("scenes", "validate", sample);
            Assert.True(exit == 0, $"{sample}: {output}");
            Assert.Contains("valid", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scenes_are_added_listed_fired_disabled_removed_and_suggested_from_the_command_line()
    {
        await using var host = await InProcessHost.StartAsync();
        using var http = host.Http();
        await http.AddDevicesAsync("flat", ("outlet", "kitchen", "flat-plug"), ("air-purifier", "bedroom", "flat-purifier"));
        var api = host.ApiAddress();
        var file = Path.Combine(_folder, "kettle.yaml");
        File.WriteAllText(file, """
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
            """);

        var (added, addOutput) = await AiotAsync("scenes", "add", "flat", file, "--api", api);
        Assert.True(added == 0, addOutput);
        Assert.Contains("Saved 1 scene(s) in flat: kettle-off (added).", addOutput, StringComparison.Ordinal);

        var broken = Path.Combine(_folder, "broken.yaml");
        File.WriteAllText(broken, File.ReadAllText(file).Replace("id: kettle-off", "id: other").Replace("switch.on", "switch.of"));
        var (refused, refusedOutput) = await AiotAsync("scenes", "add", "flat", broken, "--api", api);
        Assert.True(refused == 1, refusedOutput);
        Assert.Contains($"{broken}:10:", refusedOutput, StringComparison.Ordinal);
        Assert.Contains("actions[0].properties.switch.of", refusedOutput, StringComparison.Ordinal);

        var (listed, listOutput) = await AiotAsync("scenes", "list", "flat", "--api", api);
        Assert.True(listed == 0, listOutput);
        Assert.Contains("kettle-off", listOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("other", listOutput, StringComparison.Ordinal);
        Assert.Contains("1 scene(s) in flat.", listOutput, StringComparison.Ordinal);
        var (_, yaml) = await AiotAsync("scenes", "list", "flat", "--output", "yaml", "--api", api);
        Assert.Contains("  - id: kettle-off", yaml, StringComparison.Ordinal);

        // The plug never connected: the firing says so, and the exit code tells a script it did not happen.
        var (fired, fireOutput) = await AiotAsync("scenes", "fire", "flat", "kettle-off", "--api", api);
        Assert.True(fired == 1, fireOutput);
        Assert.Contains("actions[0] set flat-plug: offline", fireOutput, StringComparison.Ordinal);

        var (disabled, disableOutput) = await AiotAsync("scenes", "disable", "flat", "kettle-off", "--api", api);
        Assert.True(disabled == 0, disableOutput);
        Assert.Contains("kettle-off is disabled.", disableOutput, StringComparison.Ordinal);
        var (removed, removeOutput) = await AiotAsync("scenes", "remove", "flat", "kettle-off", "--api", api);
        Assert.True(removed == 0, removeOutput);
        var (again, againOutput) = await AiotAsync("scenes", "remove", "flat", "kettle-off", "--api", api);
        Assert.True(again == 1, againOutput);
        Assert.Contains("has no scene 'kettle-off'", againOutput, StringComparison.Ordinal);

        var suggestion = (await http.GetFromJsonAsync<JsonElement>("api/households/flat/scenes/suggestions")).GetProperty("suggestions")
            .EnumerateArray().Single(s => s.GetProperty("template").GetString() == "pm25-purifier");
        var id = suggestion.GetProperty("id").GetString()!;
        var (suggested, suggestOutput) = await AiotAsync("scenes", "suggest", "flat", "--api", api);
        Assert.True(suggested == 0, suggestOutput);
        Assert.Contains($"[suggested] {id}", suggestOutput, StringComparison.Ordinal);
        Assert.Contains(suggestion.GetProperty("reason").GetString()!, suggestOutput, StringComparison.Ordinal);

        var (accepted, acceptOutput) = await AiotAsync("scenes", "suggest", "flat", "--accept", id, "--api", api);
        Assert.True(accepted == 0, acceptOutput);
        var (_, afterOutput) = await AiotAsync("scenes", "suggest", "flat", "--api", api);
        Assert.Contains($"[installed] {id}", afterOutput, StringComparison.Ordinal);

        var (missing, missingOutput) = await AiotAsync("scenes", "list", "flat", "--api", "http://127.0.0.1:1");
        Assert.Equal(2, missing);
        Assert.Contains("No aiot host answers at http://127.0.0.1:1/", missingOutput, StringComparison.Ordinal);
    }

    private static string SamplesFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var samples = Path.Combine(dir.FullName, "samples", "scenes");
                if (Directory.Exists(samples))
                {
                    return samples;
                }
            }

            throw new DirectoryNotFoundException("samples/scenes not found above the test folder.");
        }
    }

    private static Task<(int ExitCode, string Output)> AiotAsync(params string[] args) =>
        ExternalCommand.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "aiot.dll"), .. args], timeoutMs: 60_000);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
