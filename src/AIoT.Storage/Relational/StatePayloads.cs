using System.Runtime.InteropServices;
using Orleans.Storage;

namespace AIoT.Storage.Relational;

/// <summary>State to and from the payload column, through the storage's <see cref="IGrainStorageSerializer"/>.</summary>
internal sealed class StatePayloads(IGrainStorageSerializer serializer)
{
    public byte[] Serialize<T>(T state)
    {
        var memory = serializer.Serialize(state).ToMemory();
        return MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
    }

    /// <exception cref="GrainStateUnreadableException">The payload is not a <typeparamref name="T"/>.</exception>
    public T Deserialize<T>(byte[] payload, GrainId grainId, string stateName)
    {
        T? state;
        try
        {
            state = serializer.Deserialize<T>(BinaryData.FromBytes(payload));
        }
        catch (Exception error)
        {
            // A swapped-in serializer may throw anything; whatever it is, the caller needs to know which row.
            throw new GrainStateUnreadableException(grainId, stateName, typeof(T), error);
        }

        return state ?? throw new GrainStateUnreadableException(grainId, stateName, typeof(T), new InvalidDataException("the stored document is null."));
    }
}
