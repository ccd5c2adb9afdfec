namespace AIoT.Storage.Relational;

/// <summary>What <see cref="IGrainStateDialect.EnsureSchemaAsync"/> found and did.</summary>
public enum SchemaOutcome
{
    /// <summary>The database already had the current format.</summary>
    Current,

    /// <summary>The database was empty; the table was created.</summary>
    Created,

    /// <summary>The database had an older format of ours and was upgraded in place, keeping its rows.</summary>
    Upgraded,
}
