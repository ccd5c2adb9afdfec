using System.Text.Json;
using Orleans.Storage;

namespace AIoT.Storage.Serialization;

/// <summary>
/// Grain state as JSON, readable in the database. <see cref="Default"/> uses the settings of the runtime this
/// storage replaced (web defaults plus fields), so rows that runtime wrote read back as they were.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options;

    public JsonGrainStateSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public static JsonGrainStateSerializer Default { get; } =
        new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true });

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, _options));

    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, _options)!;
}
