using AIoT.Storage.Relational;
using AIoT.Storage.Serialization;
using Orleans.Storage;

namespace AIoT.Storage.Options;

/// <summary>What every relational grain storage (SQLite, PostgreSQL) is tuned by, whatever its database.</summary>
public abstract class RelationalGrainStorageOptions : IStorageProviderSerializerOptions
{
    public const int DefaultBatchSize = 1000;
    public const int DefaultReadConnections = 4;
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>Most rows the writer commits in one transaction.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Connections that serve reads concurrently (the writer holds one more).</summary>
    public int ReadConnections { get; set; } = DefaultReadConnections;

    /// <summary>The silo lifecycle stage at which the database is opened and its table checked or created.</summary>
    public int InitStage { get; set; } = DefaultInitStage;

    /// <summary>How state becomes the payload column; JSON by default.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = JsonGrainStateSerializer.Default;

    /// <summary>What the validator refuses of the shared options, or null; the validator of each database adds its own checks.</summary>
    internal string? Problem() =>
        BatchSize < 1 ? $"{nameof(BatchSize)} is {BatchSize}; it must be at least 1 (default {DefaultBatchSize})."
        : ReadConnections < 1 ? $"{nameof(ReadConnections)} is {ReadConnections}; it must be at least 1 (default {DefaultReadConnections})."
        : GrainStorageSerializer is null ? $"{nameof(GrainStorageSerializer)} is null; leave the default or set a serializer."
        : null;

    internal RelationalGrainStorageSettings ToSettings() => new()
    {
        BatchSize = Math.Max(1, BatchSize),
        ReadConnections = Math.Max(1, ReadConnections),
        InitStage = InitStage,
        Serializer = GrainStorageSerializer,
    };
}
