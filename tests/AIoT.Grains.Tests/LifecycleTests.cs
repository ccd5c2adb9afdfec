using AIoT.Grains.Tests.Grains;
using AIoT.Grains.Tests.Support;

namespace AIoT.Grains.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Activation_and_deactivation_callbacks_run_once_each()
    {
        var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("once");

        var instances = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => grain.Hello())));
        await silo.DisposeAsync();

        Assert.Single(instances.Distinct());
        Assert.Equal(1, LifecycleGrain.Count("activate once"));
        Assert.Equal(1, LifecycleGrain.Count("deactivate once ShuttingDown"));
    }

    [Fact]
    public async Task An_idle_grain_is_collected_and_the_next_call_reactivates_it()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(b => b.UseTimeProvider(time).Configure(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(2);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        }));
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("idle");
        var first = await grain.Hello();

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, silo.ActivationCount);

        time.Advance(TimeSpan.FromMinutes(1));
        await TestSilo.EventuallyAsync(() => silo.ActivationCount == 0, "the idle activation is collected");
        Assert.Equal(1, LifecycleGrain.Count("deactivate idle Idle"));

        var second = await grain.Hello();
        Assert.NotEqual(first, second);
        Assert.Equal(2, LifecycleGrain.Count("activate idle"));
    }

    [Fact]
    public async Task A_busy_grain_is_not_collected()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(b => b.UseTimeProvider(time).Configure(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(2);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        }));
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("busy");
        var first = await grain.Hello();
        for (var minute = 0; minute < 5; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(first, await grain.Hello());
        }
    }

    [Fact]
    public async Task A_grain_can_ask_to_be_kept_alive()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(b => b.UseTimeProvider(time).Configure(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(2);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        }));
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("kept");
        await grain.KeepAlive(TimeSpan.FromMinutes(10));

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, silo.ActivationCount);

        time.Advance(TimeSpan.FromMinutes(10));
        await TestSilo.EventuallyAsync(() => silo.ActivationCount == 0, "the grain is collected once its keep-alive ends");
    }

    [Fact]
    public async Task A_grain_that_asks_to_leave_is_deactivated_and_the_next_call_gets_a_new_activation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("leaver");
        var first = await grain.Hello();

        await grain.Leave();
        await TestSilo.EventuallyAsync(() => LifecycleGrain.Count("deactivate leaver Requested") == 1, "the grain deactivates");

        Assert.NotEqual(first, await grain.Hello());
    }

    [Fact]
    public async Task A_call_arriving_while_the_grain_deactivates_waits_and_is_served_by_the_next_activation()
    {
        await using var silo = await TestSilo.StartAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LifecycleGrain.DeactivationGates["draining"] = gate;
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("draining");
        var first = await grain.Hello();

        await grain.Leave();
        await TestSilo.EventuallyAsync(() => LifecycleGrain.Count("deactivating draining") == 1, "deactivation has begun");
        var waiting = grain.Hello();
        Assert.False(waiting.IsCompleted);

        LifecycleGrain.DeactivationGates.TryRemove("draining", out _);
        gate.SetResult();
        var second = await waiting;

        Assert.NotEqual(first, second);
        Assert.Equal(2, LifecycleGrain.Count("activate draining"));
    }

    [Fact]
    public async Task Calls_after_the_silo_stopped_fail_with_a_clear_error()
    {
        var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("after-stop");
        await silo.StopAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.Hello());
        Assert.Contains("not running", error.Message);
        await silo.DisposeAsync();
    }
}
