using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Tests.Support;

namespace AIoT.Ecosystem.Tests.Runtime;

/// <summary>DeviceGrain writes reports 30 s after the first one (a grain timer on the silo's clock, here the fake one).</summary>
[Collection(EcosystemCollection.Name)]
public sealed class DeviceFlushTimerTests(EcosystemCluster cluster)
{
    private static readonly TimeSpan FlushDelay = AIoT.Ecosystem.Runtime.TwinStorageOptions.DefaultTelemetryFlush;

    private async Task<(IDeviceGrain Lamp, string Brightness)> LampAsync()
    {
        var lamp = cluster.Grains.GetGrain<IDeviceGrain>(TestKeys.Unique("lamp"));
        await lamp.Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "living-room", "Ceiling"));
        return (lamp, (await lamp.GetTwin()).Properties.Single(p => p.Alias == "light.brightness").Key);
    }

    /// <summary>
    /// A tick that came due is queued on the twin when the fake clock moves, and a call queued after it waits for its
    /// turn to end: once this returns, any flush due by now has run.
    /// </summary>
    private static Task TurnsDueByNowAsync(IDeviceGrain device) => device.GetTwin().Within("a call on the twin");

    [Fact]
    public async Task Reports_are_written_once_30_seconds_of_silo_time_have_passed()
    {
        var (lamp, brightness) = await LampAsync();
        var writes = cluster.WritesOf(lamp);
        var provisioned = writes.Succeeded;
        var initial = (await cluster.ReadStoredStateAsync<DeviceState>(lamp)).Values[brightness].Value;
        var reportedAt = cluster.Time.GetUtcNow();

        Assert.True((await lamp.ReportProperties([new("light.brightness", PropertyValue.Of(42))]))[0].IsOk);
        cluster.Time.Advance(FlushDelay - TimeSpan.FromSeconds(1));
        await TurnsDueByNowAsync(lamp);

        Assert.Equal(provisioned, writes.Succeeded);
        var early = await cluster.ReadStoredStateAsync<DeviceState>(lamp);
        Assert.Equal(initial, early.Values[brightness].Value);
        Assert.False(early.Online);

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        await writes.SucceededAtLeast(provisioned + 1).Within("the flush 30 s after the report");

        var stored = await cluster.ReadStoredStateAsync<DeviceState>(lamp);
        Assert.Equal(PropertyValue.Of(42), stored.Values[brightness].Value);
        Assert.True(stored.Online);
        Assert.Equal(reportedAt, stored.LastSeen);
    }

    [Fact]
    public async Task The_flush_never_runs_while_a_command_is_being_written()
    {
        var (lamp, brightness) = await LampAsync();
        var writes = cluster.WritesOf(lamp);
        var expected = writes.Succeeded;
        const int Rounds = 40, Commands = 3;
        for (var round = 1; round <= Rounds; round++)
        {
            Assert.True((await lamp.ReportProperties([new("light.brightness", PropertyValue.Of(round))]))[0].IsOk);
            var commands = Enumerable.Range(0, Commands)
                .Select(i => lamp.SetProperties([new("light.color-temperature", PropertyValue.Of(2700 + (round * 10) + i))]))
                .ToList();

            // The flush comes due while the commands wait or write. Each is a turn of its own; turns that overlapped
            // would have their writes in flight together. A flush that comes after a command finds nothing owed (the
            // command wrote the report too) and writes nothing, so a round has three writes or four.
            cluster.Time.Advance(FlushDelay);
            await Task.WhenAll(commands.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default))).Within("the commands");
            Assert.All(commands, c => Assert.True(c.IsCompletedSuccessfully && c.Result[0].IsOk, c.Exception?.InnerException?.Message));
            expected += Commands;
            await writes.EndedAtLeast(expected).Within(() =>
                $"round {round}'s {Commands} command writes (at least {expected} writes in all; the storage saw {writes.Succeeded + writes.Failed})");
            expected = writes.Succeeded;
            Assert.Equal((1, 0), (writes.MostInFlight, writes.Failed));
        }

        var twin = await lamp.GetTwin();
        var stored = await cluster.ReadStoredStateAsync<DeviceState>(lamp);
        Assert.Equal(PropertyValue.Of(Rounds), stored.Values[brightness].Value);
        Assert.Equal(twin["light.color-temperature"], stored.Values[twin.Properties.Single(p => p.Alias == "light.color-temperature").Key].Value);
    }
}
