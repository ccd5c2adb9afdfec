namespace AIoT.Grains;

public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer; <see cref="Timeout.InfiniteTimeSpan"/> as period means one tick only.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Ticks may interleave with requests at awaits (they still never run in parallel).</summary>
    public bool Interleave { get; init; }

    /// <summary>Each tick counts as use, so the grain is not collected while the timer runs.</summary>
    public bool KeepAlive { get; init; }
}
