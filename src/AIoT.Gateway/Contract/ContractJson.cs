using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;

namespace AIoT.Gateway.Contract;

/// <summary>Reads and writes the contract's JSON payloads; every refusal names what is wrong.</summary>
public static class ContractJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 8 };

    /// <summary>More than a device has properties; a report above this is refused whole rather than answered item by item.</summary>
    public const int MaxReportItems = 256;

    /// <summary>{"2.1": true, "temperature-humidity-sensor.temperature": 23.5} or MIoT's [{"siid": 2, "piid": 1, "value": true}].</summary>
    public static IReadOnlyList<PropertyWrite> ReadReport(ReadOnlyMemory<byte> payload)
    {
        using var document = Parse(payload);
        var root = document.RootElement;
        var writes = new List<PropertyWrite>();
        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in root.EnumerateObject())
            {
                RequireRoom(writes);
                writes.Add(new PropertyWrite(property.Name, ReadValue(property.Value, property.Name)));
            }
        }
        else if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.EnumerateArray())
            {
                RequireRoom(writes);
                if (item.ValueKind != JsonValueKind.Object || !TryGetInt(item, "siid", out var siid) || !TryGetInt(item, "piid", out var piid) || !item.TryGetProperty("value", out var value))
                {
                    throw new ContractException("Each item of a report list needs \"siid\", \"piid\" and \"value\".");
                }

                var key = $"{siid}.{piid}";
                writes.Add(new PropertyWrite(key, ReadValue(value, key)));
            }
        }
        else
        {
            throw new ContractException("A report is a JSON object of property values, like {\"2.1\": true}.");
        }

        return writes.Count > 0 ? writes : throw new ContractException("The report holds no property.");
    }

    private static void RequireRoom(List<PropertyWrite> writes)
    {
        if (writes.Count >= MaxReportItems)
        {
            throw new ContractException($"A report holds at most {MaxReportItems} properties.");
        }
    }

    public static EventReport ReadEvent(ReadOnlyMemory<byte> payload)
    {
        using var document = Parse(payload);
        var root = RequireObject(document, "An event is {\"event\": \"5.1\", \"args\": [...]}.");
        if (!root.TryGetProperty("event", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } key)
        {
            throw new ContractException("The event needs \"event\": the event's \"siid.eiid\" or alias.");
        }

        return new EventReport(key, ReadValues(root, "args"));
    }

    public static SetReply ReadSetReply(ReadOnlyMemory<byte> payload, long? correlatedId)
    {
        using var document = Parse(payload);
        var root = RequireObject(document, "A set reply is {\"id\": 7, \"code\": 0}.");
        var id = ReadId(root, correlatedId);
        int? code = TryGetInt(root, "code", out var all) ? all : null;
        var results = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("results", out var perKey))
        {
            if (perKey.ValueKind != JsonValueKind.Object)
            {
                throw new ContractException("\"results\" is an object of codes by property, like {\"2.1\": 0}.");
            }

            foreach (var item in perKey.EnumerateObject())
            {
                results[item.Name] = item.Value.ValueKind == JsonValueKind.Number && item.Value.TryGetInt32(out var c)
                    ? c
                    : throw new ContractException($"The result of {item.Name} must be an integer code.");
            }
        }

        return code is null && results.Count == 0
            ? throw new ContractException("A set reply needs \"code\" or \"results\".")
            : new SetReply(id, code, results);
    }

    public static ActionReply ReadActionReply(ReadOnlyMemory<byte> payload, long? correlatedId)
    {
        using var document = Parse(payload);
        var root = RequireObject(document, "An action reply is {\"id\": 8, \"code\": 0, \"out\": []}.");
        var id = ReadId(root, correlatedId);
        var code = TryGetInt(root, "code", out var c) ? c : throw new ContractException("An action reply needs \"code\".");
        return new ActionReply(id, code, ReadValues(root, "out"));
    }

    public static byte[] WriteSet(SetCommand command) => Write(writer =>
    {
        writer.WriteNumber("id", command.Id);
        writer.WriteStartObject("set");
        foreach (var write in command.Writes)
        {
            writer.WritePropertyName(write.Key);
            WriteValue(writer, write.Value);
        }

        writer.WriteEndObject();
    });

    /// <summary>Property values by key: {"2.1": true, "11.2": 1843.5}.</summary>
    public static byte[] WriteValues(IReadOnlyDictionary<string, PropertyValue> values) => Write(writer =>
    {
        foreach (var (key, value) in values)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }
    });

    public static byte[] WriteSetReply(long id, IReadOnlyDictionary<string, int> results) => Write(writer =>
    {
        writer.WriteNumber("id", id);
        writer.WriteStartObject("results");
        foreach (var (key, code) in results)
        {
            writer.WriteNumber(key, code);
        }

        writer.WriteEndObject();
    });

    public static byte[] WriteActionReply(long id, int code, IReadOnlyList<PropertyValue> outputs) => Write(writer =>
    {
        writer.WriteNumber("id", id);
        writer.WriteNumber("code", code);
        writer.WriteStartArray("out");
        foreach (var output in outputs)
        {
            WriteValue(writer, output);
        }

        writer.WriteEndArray();
    });

    public static byte[] WriteAction(ActionCommand command) => Write(writer =>
    {
        writer.WriteNumber("id", command.Id);
        writer.WriteString("action", command.Action);
        writer.WriteStartArray("in");
        foreach (var input in command.Inputs)
        {
            WriteValue(writer, input);
        }

        writer.WriteEndArray();
    });

    /// <summary>What was refused, compact enough for the device's error topic: see <see cref="CompactError"/>.</summary>
    public static byte[] WriteError(string topic, IReadOnlyList<RefusedItem> refused, int maxBytes) => CompactError.Write(topic, refused, maxBytes);

    /// <summary>The id a 5.0 device echoes as correlation data: the decimal digits of the command id.</summary>
    public static byte[] CorrelationFor(long id) => Encoding.ASCII.GetBytes(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static long? IdFromCorrelation(ReadOnlyMemory<byte>? correlation) =>
        correlation is { Length: > 0 and < 20 } bytes && long.TryParse(Encoding.ASCII.GetString(bytes.Span), out var id) ? id : null;

    private static JsonDocument Parse(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonDocument.Parse(payload, new JsonDocumentOptions { CommentHandling = ReaderOptions.CommentHandling, MaxDepth = ReaderOptions.MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new ContractException($"The payload is not valid JSON: {ex.Message}");
        }
    }

    private static JsonElement RequireObject(JsonDocument document, string expected) =>
        document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : throw new ContractException(expected);

    private static long ReadId(JsonElement root, long? correlatedId)
    {
        if (root.TryGetProperty("id", out var id))
        {
            return id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value)
                ? value
                : throw new ContractException("\"id\" must be the integer id of the command being answered.");
        }

        return correlatedId ?? throw new ContractException("A reply needs the \"id\" of the command it answers (or, over MQTT 5, its correlation data).");
    }

    private static IReadOnlyList<PropertyValue> ReadValues(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array))
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new ContractException($"\"{name}\" is a list of values.");
        }

        var values = new List<PropertyValue>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            values.Add(ReadValue(item, $"{name}[{index++}]"));
        }

        return values;
    }

    private static PropertyValue ReadValue(JsonElement value, string what)
    {
        try
        {
            return ReadValueOrThrow(value, what);
        }
        catch (InvalidOperationException ex)
        {
            // Strings that are not valid text (an unpaired surrogate) and numbers out of range land here.
            throw new ContractException($"The value of {what} cannot be read: {ex.Message}");
        }
    }

    private static PropertyValue ReadValueOrThrow(JsonElement value, string what) => value.ValueKind switch
    {
        JsonValueKind.True => PropertyValue.Of(true),
        JsonValueKind.False => PropertyValue.Of(false),
        JsonValueKind.String => PropertyValue.Of(value.GetString()!),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => PropertyValue.Of(integer),
        JsonValueKind.Number => PropertyValue.Of(value.GetDouble()),
        _ => throw new ContractException($"The value of {what} must be a bool, number or string, not {value.ValueKind.ToString().ToLowerInvariant()}."),
    };

    private static bool TryGetInt(JsonElement element, string name, out int value)
    {
        value = 0;
        return element.TryGetProperty(name, out var item) && item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out value);
    }

    private static void WriteValue(Utf8JsonWriter writer, PropertyValue value) => new PropertyValueJsonConverter().Write(writer, value, JsonSerializerOptions.Default);

    /// <summary>One JSON object; text is escaped only where JSON requires it, so a message costs its own bytes.</summary>
    internal static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
