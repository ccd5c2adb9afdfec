namespace AIoT.Ecosystem.Index;

/// <summary>
/// Every household, person, vehicle and household device, by id: an indexed table beside the grains, so listing a page,
/// counting and looking up an id prefix cost the same with ten homes or ten million, and never activate a grain.
/// The household grain is its only writer (for itself, its members, cars and devices).
/// </summary>
public interface IEcosystemIndex
{
    /// <summary>Adds the entries, or replaces those whose kind and id are already there.</summary>
    Task UpsertAsync(IReadOnlyList<IndexEntry> entries);

    Task RemoveAsync(IndexKind kind, string id);

    Task<IndexEntry?> FindAsync(IndexKind kind, string id);

    /// <summary>Up to <paramref name="limit"/> entries of the kind with ids after <paramref name="after"/>, in ordinal id order.</summary>
    Task<IndexPage> ListAsync(IndexKind kind, string? after, int limit);

    Task<long> CountAsync(IndexKind kind);

    /// <summary>Up to <paramref name="limit"/> entries of any kind whose id starts with <paramref name="prefix"/>, by kind then id.</summary>
    Task<IReadOnlyList<IndexEntry>> SearchAsync(string prefix, int limit);
}
