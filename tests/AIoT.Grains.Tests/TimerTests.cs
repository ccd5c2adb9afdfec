using AIoT.Grains.Tests.Grains;
using AIoT.Grains.Tests.Support;

namespace AIoT.Grains.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task Timer_ticks_run_as_turns_and_never_overlap_a_call()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(b => b.UseTimeProvider(time));
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("ticking");
        await grain.Start(TimeSpan.FromSeconds(1), keepAlive: false);

        for (var second = 0; second < 100; second++)
        {
            var work = Enumerable.Range(0, 5).Select(_ => Task.Run(() => grain.Work())).ToArray();
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAll(work);
        }

        await TestSilo.EventuallyAsync(() => grain.Ticks().Result > 10, "the timer ticked");
        Assert.Equal(0, await grain.Overlaps());
    }

    [Fact]
    public async Task A_disposed_timer_stops_ticking()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(b => b.UseTimeProvider(time));
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("stopped");
        await grain.Start(TimeSpan.FromSeconds(1), keepAlive: false);
        time.Advance(TimeSpan.FromSeconds(1));
        await TestSilo.EventuallyAsync(() => grain.Ticks().Result == 1, "one tick");

        await grain.StopTimer();
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, await grain.Ticks());
    }

    [Fact]
    public async Task A_timer_does_not_keep_its_grain_alive_unless_asked()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(b => b.UseTimeProvider(time).Configure(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(2);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        }));
        await silo.GrainFactory.GetGrain<ITimerGrain>("idle-timer").Start(TimeSpan.FromSeconds(30), keepAlive: false);
        await silo.GrainFactory.GetGrain<ITimerGrain>("keepalive-timer").Start(TimeSpan.FromSeconds(30), keepAlive: true);

        for (var i = 0; i < 8; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.Yield();
        }

        // A collection pass that meets a tick in progress skips the grain until the next quantum, so time keeps
        // passing while we wait, as it would on a real clock; each step leaves the ticks time to finish, as a real
        // clock would, even on a machine busy with other test runs.
        for (var step = 0; step < 200 && silo.ActivationCount != 1; step++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(50);
        }

        Assert.Equal(1, silo.ActivationCount);
        Assert.True(await silo.GrainFactory.GetGrain<ITimerGrain>("keepalive-timer").Ticks() > 0);
    }
}
