namespace AIoT.Grains.Tests.Grains;

public interface IReentrantGrain : IGrainWithStringKey
{
    Task Enter();

    Task Release();

    Task<int> MaxInFlight();

    Task<int> ParallelRuns();
}

/// <summary>Requests wait on a gate; a reentrant grain lets the next one in meanwhile, but never on two threads at once.</summary>
[Reentrant]
public sealed class ReentrantGrain : Grain, IReentrantGrain
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _maxInFlight;
    private int _running;
    private int _parallelRuns;

    public async Task Enter()
    {
        Run();
        _inFlight++;
        _maxInFlight = Math.Max(_maxInFlight, _inFlight);
        await _gate.Task;
        Run();
        _inFlight--;
    }

    public Task Release()
    {
        _gate.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<int> MaxInFlight() => Task.FromResult(_maxInFlight);

    public Task<int> ParallelRuns() => Task.FromResult(_parallelRuns);

    private void Run()
    {
        if (Interlocked.Increment(ref _running) != 1)
        {
            Interlocked.Increment(ref _parallelRuns);
        }

        Thread.SpinWait(200);
        Interlocked.Decrement(ref _running);
    }
}
