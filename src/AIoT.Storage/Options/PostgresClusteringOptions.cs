namespace AIoT.Storage.Options;

/// <summary>Options of the PostgreSQL cluster membership table.</summary>
public sealed class PostgresClusteringOptions
{
    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Port=5432;Database=aiot;Username=aiot;Password=...</c>; required.
    /// The database must exist; the first silo creates the membership tables in it.
    /// </summary>
    public string? ConnectionString { get; set; }
}
