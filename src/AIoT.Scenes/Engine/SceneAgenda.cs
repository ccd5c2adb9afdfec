namespace AIoT.Scenes.Engine;

/// <summary>
/// What a household's scenes wait for, in time order: time triggers, properties that must hold for a while, debounces
/// and delayed actions. The household keeps one grain timer, at the first entry.
/// </summary>
public sealed class SceneAgenda
{
    private readonly List<Entry> _entries = [];
    private long _sequence;

    public int Count => _entries.Count;

    /// <summary>Changes whenever an entry is added, moved or removed.</summary>
    public long Version { get; private set; }

    public IEnumerable<(string Key, DateTimeOffset At, object Item)> Entries => _entries.Select(e => (e.Key, e.At, e.Item));

    public DateTimeOffset? NextDue => _entries.Count == 0 ? null : _entries[0].At;

    /// <summary>Adds or moves the entry with this key.</summary>
    public void Set(string key, DateTimeOffset at, object item)
    {
        Remove(key);
        var entry = new Entry(key, at, _sequence++, item);
        Version++;
        var index = _entries.FindIndex(e => e.At > at);
        _entries.Insert(index < 0 ? _entries.Count : index, entry);
    }

    public bool Contains(string key) => _entries.Exists(e => e.Key == key);

    /// <summary>False when there was no entry with this key.</summary>
    public bool Remove(string key)
    {
        var removed = _entries.RemoveAll(e => e.Key == key);
        Version += removed;
        return removed > 0;
    }

    public void RemoveWhere(Func<string, bool> keyMatches) => Version += _entries.RemoveAll(e => keyMatches(e.Key));

    /// <summary>Takes out every entry due at <paramref name="now"/>, oldest first.</summary>
    public List<(string Key, DateTimeOffset At, object Item)> TakeDue(DateTimeOffset now)
    {
        var due = _entries.TakeWhile(e => e.At <= now).ToList();
        _entries.RemoveRange(0, due.Count);
        Version += due.Count;
        return [.. due.Select(e => (e.Key, e.At, e.Item))];
    }

    private sealed record Entry(string Key, DateTimeOffset At, long Sequence, object Item);
}
