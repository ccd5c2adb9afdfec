namespace AIoT.Grains.Tests.Grains;

public interface IPersistentCounterGrain : IGrainWithStringKey
{
    Task Add(int amount);

    Task<int> Get();

    Task Save();

    Task<bool> Existed();
}

public sealed class CounterState
{
    public int Value { get; set; }

    public List<string> History { get; set; } = [];
}

public sealed class PersistentCounterGrain : Grain<CounterState>, IPersistentCounterGrain
{
    private bool _existed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _existed = RecordExists;
        return Task.CompletedTask;
    }

    public Task Add(int amount)
    {
        State.Value += amount;
        State.History.Add($"+{amount}");
        return Task.CompletedTask;
    }

    public Task<int> Get() => Task.FromResult(State.Value);

    public Task Save() => WriteStateAsync();

    public Task<bool> Existed() => Task.FromResult(_existed);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => WriteStateAsync();
}
