namespace AIoT.Ecosystem.Simulation.Clock;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than real time from a chosen start. The simulation driver paces
/// its steps by it; timers made from it fire at the real moment their simulated time comes.
/// </summary>
public sealed class SimulationClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _realStart;

    public SimulationClock(DateTimeOffset start, double speed)
    {
        if (double.IsNaN(speed) || speed < 1 || speed > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Simulation speed must be between 1 (real time) and 100000.");
        }

        _start = start;
        Speed = speed;
        _realStart = System.GetTimestamp();
    }

    public double Speed { get; }

    public override DateTimeOffset GetUtcNow() => _start + (System.GetElapsedTime(_realStart) * Speed);

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    /// <summary>Simulated span to real span; timers fire at the real moment the simulated time is reached.</summary>
    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span / Speed;
}
