namespace AIoT.Grains.Tests.Grains;

public interface IGatedGrain : IGrainWithStringKey
{
    Task Enter();

    [AlwaysInterleave]
    Task Release();

    [AlwaysInterleave]
    Task<int> Entered();

    [ReadOnly]
    Task<int> Peek();
}

/// <summary>Not reentrant: a second Enter waits until the first leaves; Release may always interleave.</summary>
public sealed class GatedGrain : Grain, IGatedGrain
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _entered;

    public async Task Enter()
    {
        _entered++;
        await _gate.Task;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task Release()
    {
        _gate.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<int> Entered() => Task.FromResult(_entered);

    public Task<int> Peek() => Task.FromResult(_entered);
}
