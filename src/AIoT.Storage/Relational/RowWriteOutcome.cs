namespace AIoT.Storage.Relational;

/// <summary>
/// Whether a conditional change applied. Applied: <see cref="Version"/> is the row's new version (null once deleted).
/// Refused: it is the version found stored (null when no row is stored).
/// </summary>
internal readonly record struct RowWriteOutcome(bool Applied, long? Version);
