namespace AIoT.Ecosystem.Index;

/// <summary>What the index lists: the twins an operator looks for by id.</summary>
public enum IndexKind
{
    Household = 0,
    Person = 1,
    Vehicle = 2,
    Device = 3,
}

/// <summary>One twin in the index: its id, a name to show, the household it belongs to and a detail: a device's model (with its room), a household's city, a vehicle's model.</summary>
[GenerateSerializer, Immutable]
public sealed record IndexEntry(IndexKind Kind, string Id, string Name, string? HouseholdId, string? Detail = null, string? Room = null);

/// <summary>One page in id order; <see cref="Next"/> is the id to continue after, null on the last page.</summary>
public sealed record IndexPage(IReadOnlyList<IndexEntry> Entries, string? Next);
