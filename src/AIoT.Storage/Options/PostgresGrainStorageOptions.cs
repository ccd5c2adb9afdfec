namespace AIoT.Storage.Options;

/// <summary>Options of a PostgreSQL grain storage, one set per storage name.</summary>
public sealed class PostgresGrainStorageOptions : RelationalGrainStorageOptions
{
    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Port=5432;Database=aiot;Username=aiot;Password=...</c>; required.
    /// The database must exist; the storage creates its table in it.
    /// </summary>
    public string? ConnectionString { get; set; }
}
