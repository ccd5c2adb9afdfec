using AIoT.Grains.Tests.Grains;
using AIoT.Grains.Tests.Support;

namespace AIoT.Grains.Tests;

public sealed class ReferenceAndObserverTests
{
    [Fact]
    public async Task References_compare_by_grain_id_and_can_be_passed_to_grains()
    {
        await using var silo = await TestSilo.StartAsync();
        var a1 = silo.GrainFactory.GetGrain<IPingGrain>("a");
        var a2 = silo.GrainFactory.GetGrain<IPingGrain>("a");
        var b = silo.GrainFactory.GetGrain<IPingGrain>("b");

        Assert.Equal(a1, a2);
        Assert.Equal(a1.GetHashCode(), a2.GetHashCode());
        Assert.NotEqual(a1, b);
        Assert.True(await a1.IsSame(a2));
        Assert.False(await a1.IsSame(b));
        Assert.Equal(a1, await a2.Self());
        Assert.Equal("ping/a", a1.ToString());
    }

    [Fact]
    public async Task Guid_and_integer_keys_reach_the_grain()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid();

        Assert.Equal(key, await silo.GrainFactory.GetGrain<IGuidKeyedGrain>(key).Key());
        Assert.Equal(-42, await silo.GrainFactory.GetGrain<ILongKeyedGrain>(-42).Key());
        Assert.Equal(7, await silo.GrainFactory.GetGrain<ILongKeyedGrain>(7).KeyAsValueTask());
        Assert.Equal("numbered/7", silo.GrainFactory.GetGrain<ILongKeyedGrain>(7).ToString());
    }

    [Fact]
    public async Task A_grain_id_printed_and_parsed_names_the_same_grain()
    {
        await using var silo = await TestSilo.StartAsync();
        var reference = (Invocation.GrainReference)(object)silo.GrainFactory.GetGrain<IGuidKeyedGrain>(Guid.NewGuid());

        var parsed = GrainId.Parse(reference.GrainId.ToString(), ((Runtime.GrainRuntime)silo.GrainFactory).FindGrainType);

        Assert.Equal(reference.GrainId, parsed);
        Assert.Equal(reference, (Invocation.GrainReference)(object)silo.GrainFactory.GetGrain<IGuidKeyedGrain>(parsed));
    }

    [Fact]
    public async Task Observers_receive_notifications_in_order_until_they_unsubscribe()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IChirpGrain>("bird");
        var received = new RecordingObserver();
        var reference = silo.GrainFactory.CreateObjectReference<IChirpObserver>(received);
        await grain.Subscribe(reference);

        for (var i = 0; i < 100; i++)
        {
            await grain.Publish($"m{i}");
        }

        await TestSilo.EventuallyAsync(() => received.Count == 100, "all 100 notifications arrive");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), received.Messages);

        await grain.Unsubscribe(reference);
        await grain.Publish("after");
        silo.GrainFactory.DeleteObjectReference(reference);
        Assert.Equal(100, received.Count);
    }

    [Fact]
    public async Task One_way_calls_return_at_once_and_are_all_applied()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IChirpGrain>("sink");

        for (var i = 1; i <= 1000; i++)
        {
            Assert.True(grain.Record(i).IsCompleted);
        }

        await TestSilo.EventuallyAsync(() => grain.Sum().Result == 500500, "every one-way call is applied");
    }

    private sealed class RecordingObserver : IChirpObserver
    {
        private readonly List<string> _messages = [];

        public int Count
        {
            get
            {
                lock (_messages)
                {
                    return _messages.Count;
                }
            }
        }

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public void Chirp(string message)
        {
            lock (_messages)
            {
                _messages.Add(message);
            }
        }
    }
}
