using Orleans.Storage;

namespace AIoT.Storage.Relational;

/// <summary>The refusals of a write or clear whose ETag is not the stored one.</summary>
internal static class StaleStateErrors
{
    public static InconsistentStateException Refused(string operation, GrainId grainId, string stateName, string? heldETag, long? storedVersion)
    {
        var stored = storedVersion is { } version ? ETags.Format(version) : null;
        var held = heldETag is null ? "no ETag (it expected no stored row)" : $"ETag {heldETag}";
        var found = stored is null ? "no row is stored" : $"the stored ETag is {stored}";
        return new InconsistentStateException(
            $"Grain {grainId}, state '{stateName}': the {operation} was refused because it held {held} but {found}. "
            + "Another writer changed the state since it was read; re-read the state and decide again rather than repeating the same write.",
            stored,
            heldETag);
    }

    public static InconsistentStateException Unrecognized(string operation, GrainId grainId, string stateName, string heldETag) =>
        new(
            $"Grain {grainId}, state '{stateName}': the {operation} was refused because it held ETag '{heldETag}', "
            + "which this storage never issues (its ETags are version numbers). Re-read the state and decide again.",
            null,
            heldETag);
}
