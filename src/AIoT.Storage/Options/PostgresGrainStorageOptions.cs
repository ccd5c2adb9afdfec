using AIoT.Storage.Serialization;
using Orleans.Storage;

namespace AIoT.Storage.Options;

/// <summary>Options of a PostgreSQL grain storage, one set per storage name.</summary>
public sealed class PostgresGrainStorageOptions : IStorageProviderSerializerOptions
{
    public const int DefaultBatchSize = 1000;
    public const int DefaultReadConnections = 4;
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Port=5432;Database=aiot;Username=aiot;Password=...</c>; required.
    /// The database must exist; the storage creates its table in it.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Most rows the writer commits in one transaction.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Connections that serve reads concurrently (the writer holds one more).</summary>
    public int ReadConnections { get; set; } = DefaultReadConnections;

    /// <summary>The silo lifecycle stage at which the database is opened and its table checked or created.</summary>
    public int InitStage { get; set; } = DefaultInitStage;

    /// <summary>How state becomes the payload column; JSON by default, as the SQLite storage writes it.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = JsonGrainStateSerializer.Default;
}
