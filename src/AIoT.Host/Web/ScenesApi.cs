using AIoT.Ecosystem.Households;
using AIoT.Scenes.Files;
using AIoT.Scenes.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orleans;

namespace AIoT.Host.Web;

/// <summary>
/// A household's scenes over HTTP: /api/households/{household}/scenes, and /api/scenes/validate. Scenes travel in the
/// file format (docs/scenes.md); a file is saved whole or not at all. `aiot scenes ...` is a client of these routes.
/// </summary>
internal static class ScenesApi
{
    public static void Map(WebApplication app, IGrainFactory grains)
    {
        var scenes = app.MapGroup("/api/households/{household}/scenes");
        scenes.MapGet("/", (string household, string? format) => WithHousehold(grains, household, async grain =>
        {
            var listed = await grain.ListScenes();
            return format switch
            {
                null or "" => Results.Ok(new SceneList(household, [.. listed.Select(SceneListing.Of)])),
                _ when FileFormat(format) is { } file => SceneFile(SceneFileWriter.Write(listed.Select(s => s.Scene), file), file),
                _ => BadFormat(format),
            };
        }));

        scenes.MapPost("/", (string household, HttpRequest request, CancellationToken cancellationToken) => WithHousehold(grains, household, async grain =>
        {
            var (text, refusal) = await SceneFileBody.ReadAsync(request, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            var file = SceneFileReader.Read(text!);
            if (!file.Succeeded)
            {
                return Refused(StatusCodes.Status400BadRequest, file.Problems, "nothing was saved");
            }

            var existing = (await grain.ListScenes()).Select(s => s.Scene.Id).ToHashSet(StringComparer.Ordinal);
            var results = await grain.SaveScenes(file.Scenes);
            if (!results.AreSaved)
            {
                return Refused(StatusCodes.Status400BadRequest, Located(file, results.Results.Select(r => r.Problems)), "nothing was saved");
            }

            var saved = results.Results.Select(r => r.Saved!).ToList();
            var location = $"/api/households/{Uri.EscapeDataString(household)}/scenes{(saved.Count == 1 ? "/" + saved[0].Id : "")}";
            return Results.Created(location, new SavedScenes(household, [.. saved.Select(s => new SavedScene(s.Id, s.Name, existing.Contains(s.Id), SceneJson.Of(s)))]));
        }));

        // A literal segment wins over a parameter: these two are never read as scene ids (a scene called activity is still listed, changed and removed).
        scenes.MapGet("/activity", (string household) => WithHousehold(grains, household, async grain =>
        {
            var activity = await grain.GetSceneActivity();
            return Results.Ok(new SceneActivityView([.. activity.Firings.Select(SceneFiringView.Of)], activity.Skipped, activity.Notifications, activity.Waiting));
        }));

        scenes.MapGet("/suggestions", (string household) => WithHousehold(grains, household, async grain =>
            Results.Ok(new SceneSuggestionList(household, [.. (await grain.SuggestScenes()).Select(SceneSuggestionView.Of)]))));

        scenes.MapPost("/suggestions/{scene}/accept", (string household, string scene) => WithHousehold(grains, household, async grain =>
        {
            var result = await grain.AcceptSuggestion(scene);
            if (result is null)
            {
                return Results.Problem($"Nothing suggested for household '{household}' has the id '{scene}'; GET /api/households/{household}/scenes/suggestions lists the suggestions.", statusCode: StatusCodes.Status404NotFound);
            }

            if (!result.IsSaved)
            {
                return Refused(StatusCodes.Status422UnprocessableEntity, result.Problems, "the suggestion was not installed");
            }

            var saved = result.Saved!;
            return Results.Created($"/api/households/{Uri.EscapeDataString(household)}/scenes/{saved.Id}", new SavedScenes(household, [new SavedScene(saved.Id, saved.Name, false, SceneJson.Of(saved))]));
        }));

        scenes.MapGet("/{scene}", (string household, string scene, string? format) => WithHousehold(grains, household, async grain =>
        {
            if ((await grain.ListScenes()).FirstOrDefault(s => s.Scene.Id == scene) is not { } status)
            {
                return NoScene(household, scene);
            }

            return format switch
            {
                null or "" => Results.Ok(SceneListing.Of(status)),
                _ when FileFormat(format) is { } file => SceneFile(SceneFileWriter.Write(status.Scene, file), file),
                _ => BadFormat(format),
            };
        }));

        scenes.MapDelete("/{scene}", (string household, string scene) => WithHousehold(grains, household, async grain =>
            await grain.RemoveScene(scene) ? Results.NoContent() : NoScene(household, scene)));

        scenes.MapPost("/{scene}/enable", (string household, string scene) => WithHousehold(grains, household, grain => SetEnabledAsync(grain, household, scene, true)));
        scenes.MapPost("/{scene}/disable", (string household, string scene) => WithHousehold(grains, household, grain => SetEnabledAsync(grain, household, scene, false)));

        scenes.MapPost("/{scene}/fire", (string household, string scene) => WithHousehold(grains, household, async grain =>
            await grain.FireScene(scene) is { } firing ? Results.Ok(SceneFiringView.Of(firing)) : NoScene(household, scene)));

        app.MapPost("/api/scenes/validate", async (string? household, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var (text, refusal) = await SceneFileBody.ReadAsync(request, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            var file = SceneFileReader.Read(text!);
            if (!file.Succeeded)
            {
                return Refused(StatusCodes.Status400BadRequest, file.Problems, "the file is not valid");
            }

            var ids = file.Scenes.Select(s => s.Id).ToList();
            if (string.IsNullOrEmpty(household))
            {
                return Results.Ok(new SceneValidation(true, null, ids));
            }

            return await WithHousehold(grains, household, async grain =>
            {
                var results = await grain.CheckScenes(file.Scenes);
                return results.AreSaved
                    ? Results.Ok(new SceneValidation(true, household, ids))
                    : Refused(StatusCodes.Status422UnprocessableEntity, Located(file, results.Results.Select(r => r.Problems)), $"the file does not fit household '{household}'");
            });
        });
    }

    private static async Task<IResult> SetEnabledAsync(IHouseholdScenesGrain grain, string household, string scene, bool enabled) =>
        await grain.SetSceneEnabled(scene, enabled)
            ? Results.Ok(SceneListing.Of((await grain.ListScenes()).First(s => s.Scene.Id == scene)))
            : NoScene(household, scene);

    /// <summary>Runs the handler on an existing household; a household grain that was never created has no home location.</summary>
    private static async Task<IResult> WithHousehold(IGrainFactory grains, string household, Func<IHouseholdScenesGrain, Task<IResult>> handler)
    {
        if ((await grains.GetGrain<IHouseholdGrain>(household).GetSnapshot()).Home is null)
        {
            return Results.Problem(
                $"Household '{household}' does not exist. A household is created with its first device (POST /api/devices with \"household\": \"{household}\", or `aiot devices add --household {household}`).",
                statusCode: StatusCodes.Status404NotFound);
        }

        return await handler(grains.GetGrain<IHouseholdScenesGrain>(household));
    }

    /// <summary>The validator's problems of each scene, placed at their lines in the file the scenes came from.</summary>
    private static List<SceneProblem> Located(SceneFileResult file, IEnumerable<IReadOnlyList<SceneProblem>> perScene) =>
        [.. perScene.SelectMany((problems, i) => problems.Select(p => file.Locate(i, p)))];

    /// <summary>A problem document whose detail gives the first problem and the outcome, and whose "problems" lists them all.</summary>
    private static IResult Refused(int status, IReadOnlyList<SceneProblem> problems, string outcome)
    {
        var more = problems.Count > 1 ? $" (and {problems.Count - 1} more problem{(problems.Count > 2 ? "s" : "")})" : "";
        return Results.Problem(
            $"{problems[0].ToString().TrimEnd('.')}{more}; {outcome}.",
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(SceneFileProblem.Of).ToList() });
    }

    private static SceneFileFormat? FileFormat(string format) => format.ToLowerInvariant() switch
    {
        "yaml" or "yml" => SceneFileFormat.Yaml,
        "json" => SceneFileFormat.Json,
        _ => null,
    };

    private static IResult SceneFile(string text, SceneFileFormat format) =>
        Results.Text(text, format == SceneFileFormat.Yaml ? "application/yaml" : "application/json", System.Text.Encoding.UTF8);

    private static IResult BadFormat(string format) =>
        Results.Problem($"format: '{format}' is not a scene file format; use format=yaml or format=json, or leave it out for the listing.", statusCode: StatusCodes.Status400BadRequest);

    private static IResult NoScene(string household, string scene) =>
        Results.Problem($"Household '{household}' has no scene '{scene}'; GET /api/households/{household}/scenes lists its scenes.", statusCode: StatusCodes.Status404NotFound);
}
