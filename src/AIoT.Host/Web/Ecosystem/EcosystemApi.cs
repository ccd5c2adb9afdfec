using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Ecosystem.Index;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orleans;

namespace AIoT.Host.Web.Ecosystem;

/// <summary>
/// What the dashboard reads: the overview, households, people, vehicles and twins of any origin (simulated or MQTT),
/// search by id. Lists come from the index a page at a time and totals from counters, so they cost the same with a
/// million devices behind them.
/// </summary>
internal static class EcosystemApi
{
    public const int MaxPage = 200;
    public const int DefaultPage = 50;
    public const int MaxSearch = 50;

    public static void Map(WebApplication app, IGrainFactory grains, IEcosystemIndex index, IDeviceDirectory directory, OverviewSampler overview, RecentFirings firings)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/overview", async (CancellationToken cancellationToken) => Results.Ok(await overview.LatestAsync(cancellationToken)));
        api.MapGet("/overview/firings", () => Results.Ok(new { firings = firings.Recent().Select(FiringView.Of) }));
        api.MapGet("/overview/history", () => Results.Ok(new { interval = OverviewSampler.Interval.TotalSeconds, samples = overview.History() }));

        api.MapGet("/households", (string? after, int? limit) => Paged(limit, async size =>
        {
            var page = await index.ListAsync(IndexKind.Household, after, size);
            var summaries = await Task.WhenAll(page.Entries.Select(e => grains.GetGrain<IHouseholdGrain>(e.Id).GetSummary()));
            return Results.Ok(new IndexListPage<HouseholdListing>(
                [.. page.Entries.Zip(summaries, (e, s) => new HouseholdListing(e.Id, e.Name, e.Detail, s.Mode.ToString().ToLowerInvariant(), s.Devices, s.DevicesOnline, s.Members, s.Vehicles, s.OpenAlerts.Count))],
                page.Next,
                await index.CountAsync(IndexKind.Household)));
        }));
        api.MapGet("/people", (string? after, int? limit) => Paged(limit, size => ListAsync(index, IndexKind.Person, after, size)));
        api.MapGet("/vehicles", (string? after, int? limit) => Paged(limit, size => ListAsync(index, IndexKind.Vehicle, after, size)));
        api.MapGet("/twins", (string? after, int? limit) => Paged(limit, size => ListAsync(index, IndexKind.Device, after, size)));

        api.MapGet("/households/{id}", async (string id) =>
            await index.FindAsync(IndexKind.Household, id) is null ? NotFound("household", id, "/api/households") : Results.Ok(await HouseholdPage.ReadAsync(grains, id)));
        api.MapGet("/people/{id}", async (string id) =>
            await index.FindAsync(IndexKind.Person, id) is null ? NotFound("person", id, "/api/people") : Results.Ok(await grains.GetGrain<IPersonGrain>(id).GetSnapshot()));
        api.MapGet("/vehicles/{id}", async (string id) =>
            await index.FindAsync(IndexKind.Vehicle, id) is null ? NotFound("vehicle", id, "/api/vehicles") : Results.Ok(await grains.GetGrain<IVehicleGrain>(id).GetSnapshot()));

        api.MapGet("/devices/{id}/history", async (string id, string? key, int? limit) =>
        {
            try
            {
                var changes = await grains.GetGrain<IDeviceGrain>(id).GetHistory(key, limit ?? 200);
                return Results.Ok(new PropertyHistoryView(id, key, changes));
            }
            catch (DeviceException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }
        });

        api.MapGet("/catalog/{model}", (string model) => DeviceCatalog.Default.Find(model) is { } spec
            ? Results.Ok(CatalogView.Of(spec))
            : Results.Problem($"No model '{model}' in the catalog; `aiot catalog` lists the models (docs/devices.md).", statusCode: StatusCodes.Status404NotFound));

        api.MapGet("/search", async (string? q, int? limit) =>
        {
            var text = q?.Trim() ?? "";
            if (text.Length == 0)
            {
                return Results.Problem("q: give a device, household, person or vehicle id, or the start of one (/api/search?q=home-).", statusCode: StatusCodes.Status400BadRequest);
            }

            var size = Math.Clamp(limit ?? 20, 1, MaxSearch);
            var matches = (await index.SearchAsync(text, size)).Select(IndexItem.Of).ToList();
            // A device registered for MQTT without a household is in the directory only.
            if (!matches.Any(m => m.Kind == "device" && m.Id == text) && await directory.FindAsync(text) is { Device: var device })
            {
                matches.Insert(0, new IndexItem("device", device.DeviceId, device.Name, device.HouseholdId, device.Model, device.Room));
            }

            return Results.Ok(new SearchResult(text, [.. matches.OrderBy(m => m.Id != text).Take(size)]));
        });
    }

    private static async Task<IResult> ListAsync(IEcosystemIndex index, IndexKind kind, string? after, int size)
    {
        var page = await index.ListAsync(kind, after, size);
        return Results.Ok(new IndexListPage<IndexItem>([.. page.Entries.Select(IndexItem.Of)], page.Next, await index.CountAsync(kind)));
    }

    private static async Task<IResult> Paged(int? limit, Func<int, Task<IResult>> list) =>
        limit is < 1 or > MaxPage
            ? Results.Problem($"limit: a page holds 1 to {MaxPage} entries (got {limit}).", statusCode: StatusCodes.Status400BadRequest)
            : await list(limit ?? DefaultPage);

    private static IResult NotFound(string kind, string id, string list) =>
        Results.Problem($"No {kind} '{id}'; GET {list} lists them, GET /api/search?q=... finds one by the start of its id.", statusCode: StatusCodes.Status404NotFound);
}
