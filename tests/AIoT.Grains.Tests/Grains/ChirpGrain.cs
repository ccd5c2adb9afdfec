namespace AIoT.Grains.Tests.Grains;

public interface IChirpObserver : IGrainObserver
{
    void Chirp(string message);
}

public interface IChirpGrain : IGrainWithStringKey
{
    Task Subscribe(IChirpObserver observer);

    Task Unsubscribe(IChirpObserver observer);

    Task Publish(string message);

    [OneWay]
    Task Record(int value);

    Task<int> Sum();
}

public sealed class ChirpGrain : Grain, IChirpGrain
{
    private readonly ObserverManager<IChirpObserver> _observers = new(TimeSpan.FromMinutes(5));
    private int _sum;

    public Task Subscribe(IChirpObserver observer)
    {
        _observers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IChirpObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Publish(string message)
    {
        _observers.Notify(o => o.Chirp(message));
        return Task.CompletedTask;
    }

    public Task Record(int value)
    {
        _sum += value;
        return Task.CompletedTask;
    }

    public Task<int> Sum() => Task.FromResult(_sum);
}
