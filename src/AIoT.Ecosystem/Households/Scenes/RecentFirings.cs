using AIoT.Scenes.Engine;

namespace AIoT.Ecosystem.Households.Scenes;

/// <summary>A scene that fired, and in which household.</summary>
public sealed record HouseholdFiring(string HouseholdId, SceneFiring Firing);

/// <summary>
/// The last scene firings of every household on this silo, newest last, for the operators' overview: the households
/// add theirs here as they land (a list append, no call), and the dashboard reads and follows them. Without one
/// registered, households keep only their own.
/// </summary>
public sealed class RecentFirings
{
    public const int Capacity = 50;

    private readonly Queue<HouseholdFiring> _firings = new();
    private readonly Lock _lock = new();

    /// <summary>Raised on the firing household's turn: a handler must only queue, never wait.</summary>
    public event Action<HouseholdFiring>? Fired;

    public void Add(string householdId, SceneFiring firing)
    {
        var added = new HouseholdFiring(householdId, firing);
        lock (_lock)
        {
            if (_firings.Count == Capacity)
            {
                _firings.Dequeue();
            }

            _firings.Enqueue(added);
        }

        Fired?.Invoke(added);
    }

    public IReadOnlyList<HouseholdFiring> Recent()
    {
        lock (_lock)
        {
            return [.. _firings];
        }
    }
}
