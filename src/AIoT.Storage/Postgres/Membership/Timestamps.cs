namespace AIoT.Storage.Postgres.Membership;

/// <summary>Membership times as <c>timestamptz</c> columns take them: UTC, to the microsecond.</summary>
internal static class Timestamps
{
    /// <summary>Orleans writes UTC times; one of unspecified kind is taken as UTC rather than refused.</summary>
    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
