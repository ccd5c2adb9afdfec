using AIoT.Grains;

namespace AIoT.Host.Demo;

public interface IHostHeartbeatGrain : IGrainWithStringKey
{
    Task<HeartbeatState> Boot();

    Task<HeartbeatState> Get();
}

public sealed class HeartbeatState
{
    public int BootCount { get; set; }

    public TimeSpan TotalUptime { get; set; }
}

/// <summary>
/// The host's own demo grain until the device domain is in: counts boots and uptime, ticking every few seconds,
/// and writes its state on every tick and on shutdown, so a restart shows the count going on.
/// </summary>
public sealed class HostHeartbeatGrain : Grain<HeartbeatState>, IHostHeartbeatGrain
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);
    private DateTimeOffset _lastTick;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastTick = TimeProvider.GetUtcNow();
        RegisterGrainTimer(_ => AccumulateAsync(), Period, Period);
        return Task.CompletedTask;
    }

    public async Task<HeartbeatState> Boot()
    {
        var before = new HeartbeatState { BootCount = State.BootCount + 1, TotalUptime = State.TotalUptime };
        State.BootCount++;
        await WriteStateAsync();
        DelayDeactivation(TimeSpan.FromDays(3650));
        return before;
    }

    public Task<HeartbeatState> Get() => Task.FromResult(State);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => AccumulateAsync();

    private Task AccumulateAsync()
    {
        var now = TimeProvider.GetUtcNow();
        State.TotalUptime += now - _lastTick;
        _lastTick = now;
        return WriteStateAsync();
    }
}
