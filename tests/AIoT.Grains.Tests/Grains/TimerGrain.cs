namespace AIoT.Grains.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period, bool keepAlive);

    Task Work();

    Task<int> Ticks();

    Task<int> Overlaps();

    Task StopTimer();
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _inside;
    private int _overlaps;
    private int _ticks;

    public Task Start(TimeSpan period, bool keepAlive)
    {
        _timer = RegisterGrainTimer(
            static async (grain, _) =>
            {
                await grain.Section();
                grain._ticks++;
            },
            this,
            new GrainTimerCreationOptions(period, period) { KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task Work() => Section();

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task<int> Overlaps() => Task.FromResult(_overlaps);

    public Task StopTimer()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    private async Task Section()
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        await Task.Yield();
        Thread.SpinWait(100);
        await Task.Yield();
        Interlocked.Decrement(ref _inside);
    }
}
