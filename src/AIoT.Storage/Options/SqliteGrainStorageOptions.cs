using AIoT.Storage.Serialization;
using Orleans.Storage;

namespace AIoT.Storage.Options;

/// <summary>Options of a SQLite grain storage, one set per storage name.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    public const int DefaultBatchSize = 1000;
    public const int DefaultReadConnections = 4;
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The database file, e.g. <c>data/grains.db</c>; required. Its folder and the file are created when missing.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Most rows the writer commits in one transaction.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Connections that serve reads concurrently.</summary>
    public int ReadConnections { get; set; } = DefaultReadConnections;

    /// <summary>How long a statement waits while another process holds the file's write lock.</summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>The silo lifecycle stage at which the file is opened and checked.</summary>
    public int InitStage { get; set; } = DefaultInitStage;

    /// <summary>How state becomes the payload column; JSON by default, as the replaced runtime wrote it.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = JsonGrainStateSerializer.Default;
}
