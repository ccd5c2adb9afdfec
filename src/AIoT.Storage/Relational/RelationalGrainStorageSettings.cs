using Orleans.Storage;

namespace AIoT.Storage.Relational;

/// <summary>The database-neutral settings of <see cref="RelationalGrainStorage"/>; each database's options map onto these.</summary>
public sealed record RelationalGrainStorageSettings
{
    /// <summary>Most rows one transaction of the writer holds.</summary>
    public required int BatchSize { get; init; }

    /// <summary>How many connections serve reads side by side with the writer.</summary>
    public required int ReadConnections { get; init; }

    /// <summary>The silo lifecycle stage at which the storage opens the database.</summary>
    public required int InitStage { get; init; }

    public required IGrainStorageSerializer Serializer { get; init; }
}
