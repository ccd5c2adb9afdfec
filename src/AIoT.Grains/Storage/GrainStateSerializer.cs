using System.Text.Json;

namespace AIoT.Grains.Storage;

/// <summary>How state becomes bytes for the storage providers: JSON, readable in the database.</summary>
public sealed class GrainStateSerializer
{
    public static readonly GrainStateSerializer Default = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true });

    private readonly JsonSerializerOptions _options;

    public GrainStateSerializer(JsonSerializerOptions options) => _options = options;

    public byte[] Serialize<T>(T state) => JsonSerializer.SerializeToUtf8Bytes(state, _options);

    public T Deserialize<T>(ReadOnlySpan<byte> payload, GrainId grainId, string stateName)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, _options)
                ?? throw new JsonException("the stored document is null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Stored state '{stateName}' of grain {grainId} is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
