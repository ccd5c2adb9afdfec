namespace AIoT.Storage.Tests.Grains;

/// <summary>Grain type "counter"; its state "state" lives in the storage named "store".</summary>
public sealed class CounterGrain([PersistentState(CounterGrain.StateName, CounterGrain.StorageName)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public const string StateName = "state";
    public const string StorageName = "store";

    public Task<StateSnapshot> Get() => Task.FromResult(Snapshot());

    public async Task<StateSnapshot> Set(int value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
        return Snapshot();
    }

    public async Task<StateSnapshot> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return Snapshot();
    }

    public async Task<StateSnapshot> Clear()
    {
        await state.ClearStateAsync();
        return Snapshot();
    }

    private StateSnapshot Snapshot() => new(state.State.Value, state.Etag, state.RecordExists);
}
