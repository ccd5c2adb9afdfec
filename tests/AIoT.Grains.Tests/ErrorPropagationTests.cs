using AIoT.Grains.Tests.Grains;
using AIoT.Grains.Tests.Support;

namespace AIoT.Grains.Tests;

public sealed class ErrorPropagationTests
{
    [Fact]
    public async Task An_exception_thrown_after_an_await_reaches_the_caller_with_its_type_and_message()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IFaultyGrain>("async-throw");

        var error = await Assert.ThrowsAsync<GrainRuleException>(() => grain.ThrowAsync("brightness 101 is out of range"));
        Assert.Equal("brightness 101 is out of range", error.Message);
        Assert.Equal("pong", await grain.Ping());
    }

    [Fact]
    public async Task An_exception_thrown_synchronously_reaches_the_caller_as_a_faulted_task()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IFaultyGrain>("sync-throw");

        var call = grain.ThrowSync("bad");
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => call);
        Assert.Contains("bad", error.Message);
    }

    [Fact]
    public async Task A_grain_whose_activation_throws_fails_the_call_and_is_not_left_half_active()
    {
        await using var silo = await TestSilo.StartAsync();
        FaultyGrain.FailActivationFor["refuses"] = 1;
        var grain = silo.GrainFactory.GetGrain<IFaultyGrain>("refuses");

        var calls = Enumerable.Range(0, 5).Select(_ => grain.Ping()).ToArray();
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call);
            Assert.Equal("activation of refuses refused", error.Message);
        }

        Assert.Equal(0, silo.ActivationCount);

        FaultyGrain.FailActivationFor.TryRemove("refuses", out _);
        Assert.Equal("pong", await grain.Ping());
        Assert.Equal(1, silo.ActivationCount);
    }
}
