namespace AIoT.Grains.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task<int> Overlaps();
}

/// <summary>Reads, yields, then writes: any interleaving of two requests would lose an update or be seen inside.</summary>
public sealed class CounterGrain : Grain, ICounterGrain
{
    private int _value;
    private int _inside;
    private int _overlaps;

    public async Task<int> Increment()
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        var read = _value;
        await Task.Yield();
        _value = read + 1;
        Interlocked.Decrement(ref _inside);
        return _value;
    }

    public Task<int> Get() => Task.FromResult(_value);

    public Task<int> Overlaps() => Task.FromResult(_overlaps);
}
