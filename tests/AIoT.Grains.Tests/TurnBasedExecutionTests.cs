using AIoT.Grains.Tests.Grains;
using AIoT.Grains.Tests.Support;

namespace AIoT.Grains.Tests;

public sealed class TurnBasedExecutionTests
{
    [Fact]
    public async Task A_thousand_concurrent_calls_to_one_grain_never_overlap()
    {
        await using var silo = await TestSilo.StartAsync();
        var counter = silo.GrainFactory.GetGrain<ICounterGrain>("turns");

        var calls = Enumerable.Range(0, 1000).Select(_ => Task.Run(() => counter.Increment())).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1000, await counter.Get());
        Assert.Equal(0, await counter.Overlaps());
        Assert.Equal(Enumerable.Range(1, 1000), results.Order());
    }

    [Fact]
    public async Task Many_grains_run_in_parallel_and_each_stays_exact()
    {
        await using var silo = await TestSilo.StartAsync();
        var grains = Enumerable.Range(0, 50).Select(i => silo.GrainFactory.GetGrain<ICounterGrain>($"parallel-{i}")).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => grains[i % grains.Length].Increment())));

        foreach (var grain in grains)
        {
            Assert.Equal(40, await grain.Get());
            Assert.Equal(0, await grain.Overlaps());
        }
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_at_awaits_but_never_runs_on_two_threads()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReentrantGrain>("reentrant");

        var entered = Enumerable.Range(0, 20).Select(_ => Task.Run(() => grain.Enter())).ToArray();
        await TestSilo.EventuallyAsync(() => grain.MaxInFlight().Result == 20, "all 20 requests are inside at once");
        await grain.Release();
        await Task.WhenAll(entered);

        Assert.Equal(0, await grain.ParallelRuns());
    }

    [Fact]
    public async Task A_non_reentrant_grain_holds_the_next_request_until_the_first_completes()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IGatedGrain>("gated");

        var first = grain.Enter();
        var second = grain.Enter();
        await TestSilo.EventuallyAsync(() => silo.Runtime.QueuedCount == 1, "the second Enter is queued");

        Assert.Equal(1, await grain.Entered());
        var peek = grain.Peek();
        Assert.False(peek.IsCompleted);
        Assert.False(second.IsCompleted);

        await grain.Release();
        await first;
        await TestSilo.EventuallyAsync(() => grain.Entered().Result == 2, "the second request enters after the first");
        Assert.False(peek.IsCompleted);
        await grain.Release();
        await second;
        Assert.Equal(2, await peek);
    }
}
