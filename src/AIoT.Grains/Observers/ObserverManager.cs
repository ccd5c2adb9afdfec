using Microsoft.Extensions.Logging;

namespace AIoT.Grains;

/// <summary>
/// Keeps a grain's subscribers. Subscriptions expire unless renewed, so observers that vanished without
/// unsubscribing do not pile up; an observer whose call fails is dropped.
/// </summary>
public sealed class ObserverManager<TObserver> where TObserver : class, IGrainObserver
{
    private readonly Dictionary<TObserver, DateTimeOffset> _subscribers = [];
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;

    public ObserverManager(TimeSpan expiration, TimeProvider? time = null, ILogger? logger = null)
    {
        Expiration = expiration;
        _time = time ?? TimeProvider.System;
        _logger = logger;
    }

    public TimeSpan Expiration { get; }

    public int Count => _subscribers.Count;

    public IEnumerable<TObserver> Observers => _subscribers.Keys;

    /// <summary>Adds or renews a subscription.</summary>
    public void Subscribe(TObserver observer) => _subscribers[observer] = _time.GetUtcNow();

    public void Unsubscribe(TObserver observer) => _subscribers.Remove(observer);

    public void Clear() => _subscribers.Clear();

    /// <summary>Calls every live subscriber; expired and failing ones are removed.</summary>
    public void Notify(Action<TObserver> notification)
    {
        var now = _time.GetUtcNow();
        List<TObserver>? dead = null;
        foreach (var (observer, since) in _subscribers)
        {
            if (Expiration != Timeout.InfiniteTimeSpan && now - since > Expiration)
            {
                (dead ??= []).Add(observer);
                continue;
            }

            try
            {
                notification(observer);
            }
            catch (Exception ex)
            {
                _logger?.LogDebug(ex, "Observer {Observer} failed and was removed", observer);
                (dead ??= []).Add(observer);
            }
        }

        if (dead is not null)
        {
            foreach (var observer in dead)
            {
                _subscribers.Remove(observer);
            }
        }
    }
}
