using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Host.Web.Ecosystem;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Index;
using AIoT.Ecosystem.People;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orleans;

namespace AIoT.Host.Web.Live;

/// <summary>
/// Live updates as server-sent events: /api/live (the overview every two seconds, and scene firings as they land), /api/live/households/{id} (its
/// devices, scenes, cars and people) and /api/live/devices/{id} (one twin). Each stream starts with a "ready" event.
/// </summary>
internal static class LiveApi
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    public static void Map(WebApplication app, IGrainFactory grains, IEcosystemIndex index, OverviewSampler overview, RecentFirings firings)
    {
        var live = app.MapGroup("/api/live");
        live.MapGet("/", (CancellationToken cancellationToken) => TypedResults.ServerSentEvents(OverviewAsync(overview, firings, Stopping(app, cancellationToken))));

        live.MapGet("/households/{id}", async (string id, CancellationToken cancellationToken) =>
        {
            if (await index.FindAsync(IndexKind.Household, id) is null)
            {
                return Results.Problem($"No household '{id}'; GET /api/households lists them.", statusCode: StatusCodes.Status404NotFound);
            }

            var snapshot = await grains.GetGrain<IHouseholdGrain>(id).GetSnapshot();
            var feed = new LiveFeed(grains, Ecosystem.HouseholdPage.ShownDevices(snapshot), id, snapshot.Vehicles);
            return TypedResults.ServerSentEvents(StreamAsync(feed, Stopping(app, cancellationToken), new PolledHousehold(id, snapshot.Members), grains));
        });

        live.MapGet("/devices/{id}", async (string id, CancellationToken cancellationToken) =>
        {
            try
            {
                await grains.GetGrain<IDeviceGrain>(id).GetTwin();
            }
            catch (DeviceException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }

            var feed = new LiveFeed(grains, [id], null, []);
            return TypedResults.ServerSentEvents(StreamAsync(feed, Stopping(app, cancellationToken), null, grains));
        });
    }

    /// <summary>A stream ends with its request or when the host stops, so stopping never waits on an open page.</summary>
    private static CancellationToken Stopping(WebApplication app, CancellationToken request)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(request, app.Lifetime.ApplicationStopping);
        request.Register(linked.Dispose);
        return linked.Token;
    }

    private static async IAsyncEnumerable<SseItem<object>> OverviewAsync(OverviewSampler overview, RecentFirings firings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Samples every two seconds and firings as they land; a client that reads too slowly loses the oldest.
        var feed = Channel.CreateBounded<SseItem<object>>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        void Sampled(OverviewSample sample) => feed.Writer.TryWrite(new SseItem<object>(sample, "overview"));
        void Fired(HouseholdFiring fired) => feed.Writer.TryWrite(new SseItem<object>(FiringView.Of(fired), "firing"));
        overview.Sampled += Sampled;
        firings.Fired += Fired;
        try
        {
            yield return new SseItem<object>(new { }, "ready");
            OverviewSample? latest = null;
            try
            {
                latest = await overview.LatestAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            if (latest is not null)
            {
                yield return new SseItem<object>(latest, "overview");
            }

            while (await ReadAsync(feed.Reader, cancellationToken) is (true, var item))
            {
                yield return item;
            }
        }
        finally
        {
            overview.Sampled -= Sampled;
            firings.Fired -= Fired;
        }
    }

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(LiveFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken, PolledHousehold? household, IGrainFactory grains)
    {
        await using var watched = feed;
        await feed.StartAsync();
        if (household is not null)
        {
            // Read before "ready", as the page's own read: what changes from here on is news. Ends with the stream's token.
            var baseline = await grains.GetGrain<IHouseholdGrain>(household.Id).GetSummary();
            _ = PollAsync(feed, household, baseline, grains, cancellationToken);
        }

        yield return new SseItem<object>(new { }, "ready");
        while (await ReadAsync(feed.Events, cancellationToken) is (true, var item))
        {
            yield return new SseItem<object>(item.Data, item.Type);
        }
    }

    /// <summary>
    /// People and the household's mode and alerts have no observer: a household's page asks every two seconds and
    /// hears of them only when something changed.
    /// </summary>
    private static Task PollAsync(LiveFeed feed, PolledHousehold household, HouseholdSummary baseline, IGrainFactory grains, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        IReadOnlyList<PersonSnapshot>? lastPeople = null;
        using var timer = new PeriodicTimer(Poll);
        try
        {
            (HouseholdMode Mode, int Alerts)? lastState = (baseline.Mode, baseline.OpenAlerts.Count);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var people = await Task.WhenAll(household.People.Select(id => grains.GetGrain<IPersonGrain>(id).GetSnapshot()));
                if (people.Length > 0 && (lastPeople is null || !people.SequenceEqual(lastPeople)))
                {
                    feed.Post(new LiveEvent("people", people));
                    lastPeople = people;
                }

                var summary = await grains.GetGrain<IHouseholdGrain>(household.Id).GetSummary();
                if (lastState is { } last && (last.Mode != summary.Mode || last.Alerts != summary.OpenAlerts.Count))
                {
                    feed.Post(new LiveEvent("household", new { mode = summary.Mode, alerts = summary.OpenAlerts }));
                }

                lastState = (summary.Mode, summary.OpenAlerts.Count);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }, CancellationToken.None);

    private sealed record PolledHousehold(string Id, IReadOnlyList<string> People);

    /// <summary>The next item; false when the stream ends (the client left, the host stops).</summary>
    private static async Task<(bool Read, T Item)> ReadAsync<T>(ChannelReader<T> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken) && reader.TryRead(out var item) ? (true, item) : (false, default!);
        }
        catch (OperationCanceledException)
        {
            return (false, default!);
        }
    }
}
