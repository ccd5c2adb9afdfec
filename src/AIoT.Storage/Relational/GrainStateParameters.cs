namespace AIoT.Storage.Relational;

/// <summary>The parameter names every <see cref="IGrainStateDialect"/> statement uses, without the prefix.</summary>
public static class GrainStateParameters
{
    public const string GrainId = "grain_id";
    public const string StateName = "state_name";
    public const string GrainType = "grain_type";
    public const string Payload = "payload";
    public const string UpdatedAt = "updated_at";
    public const string ExpectedVersion = "expected_version";
}
