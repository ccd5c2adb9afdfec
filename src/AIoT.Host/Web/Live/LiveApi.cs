using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Index;
using AIoT.Ecosystem.People;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orleans;

namespace AIoT.Host.Web.Live;

/// <summary>
/// Live updates as server-sent events: /api/live (the overview every two seconds), /api/live/households/{id} (its
/// devices, scenes, cars and people) and /api/live/devices/{id} (one twin). Each stream starts with a "ready" event.
/// </summary>
internal static class LiveApi
{
    private static readonly TimeSpan PeoplePoll = TimeSpan.FromSeconds(2);

    public static void Map(WebApplication app, IGrainFactory grains, IEcosystemIndex index, OverviewSampler overview)
    {
        var live = app.MapGroup("/api/live");
        live.MapGet("/", (CancellationToken cancellationToken) => TypedResults.ServerSentEvents(OverviewAsync(overview, Stopping(app, cancellationToken))));

        live.MapGet("/households/{id}", async (string id, CancellationToken cancellationToken) =>
        {
            if (await index.FindAsync(IndexKind.Household, id) is null)
            {
                return Results.Problem($"No household '{id}'; GET /api/households lists them.", statusCode: StatusCodes.Status404NotFound);
            }

            var snapshot = await grains.GetGrain<IHouseholdGrain>(id).GetSnapshot();
            var feed = new LiveFeed(grains, [.. snapshot.DevicesByRoom.Values.SelectMany(d => d)], id, snapshot.Vehicles);
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

    private static async IAsyncEnumerable<SseItem<object>> OverviewAsync(OverviewSampler overview, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var feed = System.Threading.Channels.Channel.CreateBounded<OverviewSample>(new System.Threading.Channels.BoundedChannelOptions(4) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest });
        void Sampled(OverviewSample sample) => feed.Writer.TryWrite(sample);
        overview.Sampled += Sampled;
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

            while (await ReadAsync(feed.Reader, cancellationToken) is { } sample)
            {
                yield return new SseItem<object>(sample, "overview");
            }
        }
        finally
        {
            overview.Sampled -= Sampled;
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
        while (await ReadAsync(feed.Events, cancellationToken) is { } item)
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

    private static async Task<T?> ReadAsync<T>(System.Threading.Channels.ChannelReader<T> reader, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken) && reader.TryRead(out var item) ? item : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
