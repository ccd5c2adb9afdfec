using System.Collections.Concurrent;
using System.Globalization;

namespace AIoT.Grains.Storage;

/// <summary>State in process memory, for tests and demos. Stores serialized copies so activations never share objects.</summary>
public sealed class MemoryGrainStorage(GrainStateSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string Grain, string State), StoredRecord> _records = new();

    public MemoryGrainStorage()
        : this(GrainStateSerializer.Default)
    {
    }

    public int Count => _records.Count;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_records.TryGetValue((grainId.ToString(), stateName), out var record))
        {
            grainState.State = serializer.Deserialize<T>(record.Payload, grainId, stateName);
            grainState.ETag = record.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (grainId.ToString(), stateName);
        var payload = serializer.Serialize(grainState.State);
        lock (_records)
        {
            var stored = _records.TryGetValue(key, out var record) ? record.Version.ToString(CultureInfo.InvariantCulture) : null;
            if (!string.Equals(stored, grainState.ETag, StringComparison.Ordinal))
            {
                throw new InconsistentStateException(grainId, stateName, grainState.ETag, stored);
            }

            var version = (record?.Version ?? 0) + 1;
            _records[key] = new StoredRecord(payload, version);
            grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (grainId.ToString(), stateName);
        lock (_records)
        {
            var stored = _records.TryGetValue(key, out var record) ? record.Version.ToString(CultureInfo.InvariantCulture) : null;
            if (!string.Equals(stored, grainState.ETag, StringComparison.Ordinal))
            {
                throw new InconsistentStateException(grainId, stateName, grainState.ETag, stored);
            }

            _records.TryRemove(key, out _);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    private sealed record StoredRecord(byte[] Payload, long Version);
}
