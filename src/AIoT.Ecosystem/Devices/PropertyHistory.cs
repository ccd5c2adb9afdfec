namespace AIoT.Ecosystem.Devices;

/// <summary>
/// A twin's recent property changes, newest last, for charts: kept in memory only while the twin is active, and only
/// once someone asked for it (a million active twins keep none), starting from each property's current value.
/// </summary>
internal sealed class PropertyHistory(IEnumerable<TwinProperty> current)
{
    public const int Capacity = 512;

    private readonly Queue<TwinProperty> _changes = new(current.OrderBy(p => p.ChangedAt).TakeLast(Capacity));

    public void Record(IEnumerable<TwinProperty> changes)
    {
        foreach (var change in changes)
        {
            if (_changes.Count == Capacity)
            {
                _changes.Dequeue();
            }

            _changes.Enqueue(change);
        }
    }

    public IReadOnlyList<TwinProperty> Recent(string? key, int limit) =>
        [.. _changes.Where(c => key is null || c.Key == key || c.Alias == key).TakeLast(limit)];
}
