namespace AIoT.Storage.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<StateSnapshot> Get();

    Task<StateSnapshot> Set(int value);

    Task<StateSnapshot> Increment();

    Task<StateSnapshot> Clear();
}
