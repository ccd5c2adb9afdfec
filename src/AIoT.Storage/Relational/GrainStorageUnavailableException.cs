namespace AIoT.Storage.Relational;

/// <summary>The storage cannot serve: its database could not be opened or checked at silo start, or it has stopped.</summary>
[GenerateSerializer]
public sealed class GrainStorageUnavailableException : OrleansException
{
    public GrainStorageUnavailableException(string message)
        : base(message)
    {
    }

    public GrainStorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
