using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using AIoT.Host.Web;

namespace AIoT.Host.Cli;

/// <summary>
/// `aiot scenes list | add | validate | enable | disable | remove | fire | activity | suggest`: a household's scenes, as a
/// client of a running host's HTTP API. `validate` without --household reads the file here and needs no host.
/// </summary>
internal static class ScenesCommand
{
    public static Command Create()
    {
        var api = HostApi.AddressOption();
        var apiToken = HostApi.TokenOption();
        var command = new Command("scenes", "A household's scenes (if-then automations; docs/scenes.md): list, add from a file, validate, enable, disable, remove, fire, suggest.") { api, apiToken };
        Task<int> Call(ParseResult result, Func<HttpClient, Task<int>> call) => HostApi.CallAsync(result.GetValue(api)!, result.GetValue(apiToken), call);

        var listHousehold = HouseholdArgument();
        var output = new Option<string>("--output", "-o") { Description = "table, or the scenes as one scene file: yaml or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "yaml", "json");
        var list = new Command("list", "List the household's scenes, or print them as a scene file (--output yaml or json).") { listHousehold, output };
        list.SetAction((result, token) => Call(result, http => ListAsync(http, result.GetValue(listHousehold)!, result.GetValue(output)!, token)));

        var addHousehold = HouseholdArgument();
        var addFile = FileArgument();
        var add = new Command("add", "Save the scenes of a file in the household (adding them, or replacing those with the same ids): all of them, or with any problem none.") { addHousehold, addFile };
        add.SetAction((result, token) => SceneFile.TryLoad(result.GetValue(addFile)!, out var text, out var error)
            ? Call(result, http => AddAsync(http, result.GetValue(addHousehold)!, result.GetValue(addFile)!, text, token))
            : Usage(error));

        var validateFile = FileArgument();
        var validateHousehold = new Option<string?>("--household") { Description = "Also check the file against this household's devices, people, vehicles and scenes (asks the host); without it only the file's form is checked, here." };
        var validate = new Command("validate", "Check a scene file and print every problem as file:line:column: path: message; saves nothing.") { validateFile, validateHousehold };
        validate.SetAction((result, token) =>
        {
            var file = result.GetValue(validateFile)!;
            if (!SceneFile.TryLoad(file, out var text, out var error))
            {
                return Usage(error);
            }

            return result.GetValue(validateHousehold) is { Length: > 0 } household
                ? Call(result, http => ValidateAsync(http, household, file, text, token))
                : Task.FromResult(SceneFile.ValidateHere(file, text));
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(validate);
        command.Subcommands.Add(SceneCommand("enable", "Let the scene fire on its triggers again.", Call, static (http, path, token) => http.PostAsync(path + "/enable", null, token)));
        command.Subcommands.Add(SceneCommand("disable", "Keep the scene but stop it firing on its triggers (fire still runs it).", Call, static (http, path, token) => http.PostAsync(path + "/disable", null, token)));
        command.Subcommands.Add(SceneCommand("remove", "Delete the scene from the household.", Call, static (http, path, token) => http.DeleteAsync(path, token)));
        command.Subcommands.Add(SceneCommand("fire", "Run the scene's actions now, whatever its triggers and conditions; prints each action's outcome (exit 1 when one did not succeed).", Call, static (http, path, token) => http.PostAsync(path + "/fire", null, token)));

        var activityHousehold = HouseholdArgument();
        var activity = new Command("activity", "What the household's scenes did lately (firings, skipped triggers and why, notifications) and what they wait for.") { activityHousehold };
        activity.SetAction((result, token) => Call(result, http => ActivityAsync(http, result.GetValue(activityHousehold)!, token)));
        command.Subcommands.Add(activity);

        var suggestHousehold = HouseholdArgument();
        var accept = new Option<string?>("--accept") { Description = "Install the suggested scene with this id." };
        var acceptAll = new Option<bool>("--accept-all") { Description = "Install every suggested scene not installed yet." };
        var suggest = new Command("suggest", "Scenes fitted to the household from the templates, each with why and whether it is installed; --accept installs one, --accept-all all.") { suggestHousehold, accept, acceptAll };
        suggest.SetAction((result, token) => result.GetValue(accept) is { Length: > 0 } && result.GetValue(acceptAll)
            ? Usage("scenes suggest: give --accept <scene> or --accept-all, not both.")
            : Call(result, http => SuggestAsync(http, result.GetValue(suggestHousehold)!, result.GetValue(accept), result.GetValue(acceptAll), token)));
        command.Subcommands.Add(suggest);
        return command;
    }

    private static Argument<string> HouseholdArgument() => new("household") { Description = "The household id." };

    private static Argument<FileInfo> FileArgument() => new("file") { Description = "A scene file, YAML or JSON: one scene, or several under scenes: (docs/scenes.md)." };

    /// <summary>`aiot scenes {verb} <household> <scene>`: one request on the scene; prints the result.</summary>
    private static Command SceneCommand(string name, string description, Func<ParseResult, Func<HttpClient, Task<int>>, Task<int>> call, Func<HttpClient, string, CancellationToken, Task<HttpResponseMessage>> send)
    {
        var household = HouseholdArgument();
        var scene = new Argument<string>("scene") { Description = "The scene id (`aiot scenes list <household>`)." };
        var command = new Command(name, description) { household, scene };
        command.SetAction((result, token) => call(result, async http =>
        {
            var id = result.GetValue(scene)!;
            var response = await send(http, $"{ScenesPath(result.GetValue(household)!)}/{Uri.EscapeDataString(id)}", token);
            if (!response.IsSuccessStatusCode)
            {
                return await RefusedAsync(response, null, token);
            }

            switch (name)
            {
                case "fire":
                    var firing = (await response.Content.ReadFromJsonAsync<SceneFiringView>(SceneOutput.Json, token))!;
                    SceneOutput.Print(firing);
                    return firing.Succeeded ? 0 : 1;
                case "remove":
                    Console.WriteLine($"Removed {id}.");
                    return 0;
                default:
                    var listing = (await response.Content.ReadFromJsonAsync<SceneListing>(SceneOutput.Json, token))!;
                    Console.WriteLine($"{listing.Id} is {(listing.Enabled ? "enabled" : "disabled")}.");
                    return 0;
            }
        }));
        return command;
    }

    private static async Task<int> ListAsync(HttpClient http, string household, string output, CancellationToken token)
    {
        var response = await http.GetAsync(output == "table" ? ScenesPath(household) : $"{ScenesPath(household)}?format={output}", token);
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, null, token);
        }

        if (output != "table")
        {
            Console.Write(await response.Content.ReadAsStringAsync(token));
            return 0;
        }

        var list = (await response.Content.ReadFromJsonAsync<SceneList>(SceneOutput.Json, token))!;
        SceneOutput.Print(list);
        return 0;
    }

    private static async Task<int> AddAsync(HttpClient http, string household, FileInfo file, string text, CancellationToken token)
    {
        var response = await http.PostAsync(ScenesPath(household), SceneFile.Content(file, text), token);
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, Shown(file), token);
        }

        var saved = (await response.Content.ReadFromJsonAsync<SavedScenes>(SceneOutput.Json, token))!;
        Console.WriteLine($"Saved {saved.Scenes.Count} scene(s) in {household}: {string.Join(", ", saved.Scenes.Select(s => $"{s.Id} ({(s.Replaced ? "replaced" : "added")})"))}.");
        return 0;
    }

    private static async Task<int> ValidateAsync(HttpClient http, string household, FileInfo file, string text, CancellationToken token)
    {
        var response = await http.PostAsync($"api/scenes/validate?household={Uri.EscapeDataString(household)}", SceneFile.Content(file, text), token);
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, Shown(file), token, "the file is not valid (nothing is saved by validate)");
        }

        var validation = (await response.Content.ReadFromJsonAsync<SceneValidation>(SceneOutput.Json, token))!;
        Console.WriteLine($"{Shown(file)}: valid for {household}: {string.Join(", ", validation.Scenes)}.");
        return 0;
    }

    private static async Task<int> ActivityAsync(HttpClient http, string household, CancellationToken token)
    {
        var response = await http.GetAsync($"{ScenesPath(household)}/activity", token);
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, null, token);
        }

        SceneOutput.Print((await response.Content.ReadFromJsonAsync<SceneActivityView>(SceneOutput.Json, token))!);
        return 0;
    }

    private static async Task<int> SuggestAsync(HttpClient http, string household, string? accept, bool acceptAll, CancellationToken token)
    {
        var response = await http.GetAsync($"{ScenesPath(household)}/suggestions", token);
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, null, token);
        }

        var suggestions = (await response.Content.ReadFromJsonAsync<SceneSuggestionList>(SceneOutput.Json, token))!.Suggestions;
        var toAccept = acceptAll ? [.. suggestions.Where(s => !s.Installed).Select(s => s.Id)] : accept is { Length: > 0 } ? new List<string> { accept } : [];
        if (toAccept.Count == 0)
        {
            SceneOutput.Print(suggestions);
            return 0;
        }

        foreach (var id in toAccept)
        {
            var accepted = await http.PostAsync($"{ScenesPath(household)}/suggestions/{Uri.EscapeDataString(id)}/accept", null, token);
            if (!accepted.IsSuccessStatusCode)
            {
                return await RefusedAsync(accepted, id, token, $"{id} was not installed");
            }

            Console.WriteLine($"Installed {id}.");
        }

        Console.WriteLine($"{toAccept.Count} scene(s) installed in {household}.");
        return 0;
    }

    private static string ScenesPath(string household) => $"api/households/{Uri.EscapeDataString(household)}/scenes";

    /// <summary>Prints why the host refused: every problem of a scene file by its line, or the problem's detail. Exit code 1.</summary>
    private static async Task<int> RefusedAsync(HttpResponseMessage response, string? file, CancellationToken token, string outcome = "nothing was saved")
    {
        var body = await response.Content.ReadAsStringAsync(token);
        var detail = body;
        List<SceneFileProblem>? problems = null;
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("detail", out var text))
            {
                detail = text.GetString() ?? body;
            }

            if (problem.RootElement.TryGetProperty("problems", out var list))
            {
                problems = list.Deserialize<List<SceneFileProblem>>(SceneOutput.Json);
            }
        }
        catch (JsonException)
        {
        }

        if (problems is { Count: > 0 })
        {
            foreach (var p in problems)
            {
                await Console.Error.WriteLineAsync(p.ToString(file ?? "scene"));
            }

            await Console.Error.WriteLineAsync($"Refused ({(int)response.StatusCode}): {problems.Count} problem(s); {outcome}.");
            return 1;
        }

        await Console.Error.WriteLineAsync($"Refused ({(int)response.StatusCode}): {detail}");
        return 1;
    }

    /// <summary>The file as the user named it, as compilers print it.</summary>
    private static string Shown(FileInfo file) => file.ToString();

    private static Task<int> Usage(string message)
    {
        Console.Error.WriteLine(message);
        return Task.FromResult(2);
    }
}
