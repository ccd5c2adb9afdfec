namespace AIoT.Gateway.Emulation;

/// <summary>What a fleet of emulated devices has done, for the progress line.</summary>
public sealed class EmulatorStatistics
{
    private long _reports;
    private long _commands;
    private long _refusals;

    public long Reports => Interlocked.Read(ref _reports);

    public long CommandsAnswered => Interlocked.Read(ref _commands);

    /// <summary>Messages the platform sent back on a device's error topic.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    internal void Reported() => Interlocked.Increment(ref _reports);

    internal void Answered() => Interlocked.Increment(ref _commands);

    internal void Refused() => Interlocked.Increment(ref _refusals);
}
