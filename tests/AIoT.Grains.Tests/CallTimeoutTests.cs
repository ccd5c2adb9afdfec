using AIoT.Grains.Tests.Grains;
using AIoT.Grains.Tests.Support;

namespace AIoT.Grains.Tests;

public sealed class CallTimeoutTests
{
    [Fact]
    public async Task A_call_cycle_without_reentrancy_ends_in_a_timeout_naming_grain_and_method()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(b => b.UseTimeProvider(time));
        var a = silo.GrainFactory.GetGrain<IPingGrain>("a");
        var b = silo.GrainFactory.GetGrain<IPingGrain>("b");

        var ping = a.Ping(b);
        await TestSilo.EventuallyAsync(() => silo.Runtime.QueuedCount == 1, "b's call back into a is queued behind a's Ping");

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(ping.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => ping);
        Assert.Contains("IPingGrain.Ping", error.Message);
        Assert.Contains("ping/a", error.Message);
        Assert.Contains("00:00:30", error.Message);

        await TestSilo.EventuallyAsync(() => silo.Runtime.QueuedCount == 0, "the cycle unwinds");
        Assert.Equal("a", await a.Echo());
    }

    [Fact]
    public async Task The_call_timeout_is_configurable()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(b => b.UseTimeProvider(time).Configure(o => o.CallTimeout = TimeSpan.FromSeconds(5)));
        var gated = silo.GrainFactory.GetGrain<IGatedGrain>("stuck");

        var stuck = gated.Enter();
        time.Advance(TimeSpan.FromSeconds(6));

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => stuck);
        Assert.Contains("IGatedGrain.Enter", error.Message);
        Assert.Contains("gated/stuck", error.Message);
        await gated.Release();
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_option_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new Runtime.SiloBuilder().Configure(o => o.CallTimeout = TimeSpan.Zero).Build());
        Assert.Contains("CallTimeout", error.Message);
    }
}
