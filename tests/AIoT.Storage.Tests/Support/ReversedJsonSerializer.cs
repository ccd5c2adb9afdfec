using AIoT.Storage.Serialization;
using Orleans.Storage;

namespace AIoT.Storage.Tests.Support;

/// <summary>A stand-in for a user's own serializer: the default JSON, stored back to front.</summary>
public sealed class ReversedJsonSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonGrainStateSerializer.Default.Serialize(input).ToArray().Reverse().ToArray());

    public T Deserialize<T>(BinaryData input) => JsonGrainStateSerializer.Default.Deserialize<T>(BinaryData.FromBytes(input.ToArray().Reverse().ToArray()));
}
