namespace AIoT.Ecosystem.Index;

/// <summary>The index in memory, for --in-memory runs and tests: lost on exit, like the grains' memory storage.</summary>
public sealed class MemoryEcosystemIndex : IEcosystemIndex
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, IndexEntry>[] _byKind =
        [.. Enum.GetValues<IndexKind>().Select(_ => new SortedDictionary<string, IndexEntry>(StringComparer.Ordinal))];

    public Task UpsertAsync(IReadOnlyList<IndexEntry> entries)
    {
        lock (_lock)
        {
            foreach (var entry in entries)
            {
                _byKind[(int)entry.Kind][entry.Id] = entry;
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(IndexKind kind, string id)
    {
        lock (_lock)
        {
            _byKind[(int)kind].Remove(id);
        }

        return Task.CompletedTask;
    }

    public Task<IndexEntry?> FindAsync(IndexKind kind, string id)
    {
        lock (_lock)
        {
            return Task.FromResult(_byKind[(int)kind].GetValueOrDefault(id));
        }
    }

    public Task<IndexPage> ListAsync(IndexKind kind, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_lock)
        {
            var page = _byKind[(int)kind].Values.Where(e => string.CompareOrdinal(e.Id, after ?? "") > 0).Take(limit + 1).ToList();
            return Task.FromResult(page.Count > limit ? new IndexPage(page[..limit], page[limit - 1].Id) : new IndexPage(page, null));
        }
    }

    public Task<long> CountAsync(IndexKind kind)
    {
        lock (_lock)
        {
            return Task.FromResult((long)_byKind[(int)kind].Count);
        }
    }

    public Task<IReadOnlyList<IndexEntry>> SearchAsync(string prefix, int limit)
    {
        lock (_lock)
        {
            IReadOnlyList<IndexEntry> found = [.. _byKind.SelectMany(entries => entries.Values.Where(e => e.Id.StartsWith(prefix, StringComparison.Ordinal))).Take(limit)];
            return Task.FromResult(found);
        }
    }
}
