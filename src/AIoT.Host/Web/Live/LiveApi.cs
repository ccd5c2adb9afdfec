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
    private static readonly TimeSpan PeoplePoll = TimeSpan.FromSeconds(2);

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
            return TypedResults.ServerSentEvents(StreamAsync(feed, Stopping(app, cancellationToken), people: snapshot.Members, grains));
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
            return TypedResults.ServerSentEvents(StreamAsync(feed, Stopping(app, cancellationToken), people: [], grains));
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

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(LiveFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken, IReadOnlyList<string> people, IGrainFactory grains)
    {
        await using var watched = feed;
        await feed.StartAsync();
        if (people.Count > 0)
        {
            // Ends with the stream's token.
            _ = PollPeopleAsync(feed, people, grains, cancellationToken);
        }

        yield return new SseItem<object>(new { }, "ready");
        while (await ReadAsync(feed.Events, cancellationToken) is (true, var item))
        {
            yield return new SseItem<object>(item.Data, item.Type);
        }
    }

    /// <summary>People have no observer: their page asks every two seconds and hears of them only when something changed.</summary>
    private static Task PollPeopleAsync(LiveFeed feed, IReadOnlyList<string> people, IGrainFactory grains, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        IReadOnlyList<PersonSnapshot>? last = null;
        using var timer = new PeriodicTimer(PeoplePoll);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = await Task.WhenAll(people.Select(id => grains.GetGrain<IPersonGrain>(id).GetSnapshot()));
                if (last is null || !now.SequenceEqual(last))
                {
                    feed.Post(new LiveEvent("people", now));
                    last = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }, CancellationToken.None);

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
