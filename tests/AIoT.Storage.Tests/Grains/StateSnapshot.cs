namespace AIoT.Storage.Tests.Grains;

/// <summary>What a counter grain's persistent state looks like from inside the grain.</summary>
[GenerateSerializer]
[Immutable]
public sealed record StateSnapshot(int Value, string? ETag, bool RecordExists);
