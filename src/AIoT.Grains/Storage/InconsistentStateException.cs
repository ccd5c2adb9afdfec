namespace AIoT.Grains.Storage;

/// <summary>A write with a stale ETag: someone else wrote in between. The stored state is unchanged.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(GrainId grainId, string stateName, string? expectedETag, string? storedETag)
        : base($"State '{stateName}' of grain {grainId} was changed by another writer: this write expected version "
            + $"{expectedETag ?? "(none)"} but storage holds {storedETag ?? "(none)"}. Nothing was written; re-read the state and retry.")
    {
        GrainId = grainId;
        ExpectedETag = expectedETag;
        StoredETag = storedETag;
    }

    public GrainId GrainId { get; }

    public string? ExpectedETag { get; }

    public string? StoredETag { get; }
}
