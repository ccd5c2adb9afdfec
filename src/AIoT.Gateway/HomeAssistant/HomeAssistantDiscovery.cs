using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using AIoT.Ecosystem.Catalog.Model;
using AIoT.Gateway.Contract;

namespace AIoT.Gateway.HomeAssistant;

/// <summary>One retained discovery message: homeassistant/{component}/{node}/{object}/config.</summary>
public sealed record DiscoveryMessage(string Topic, byte[] Payload);

/// <summary>
/// Home Assistant MQTT discovery for a device's twin, mapped the way Xiaomi's own integration maps MIoT properties:
/// writable bool → switch, writable value-list → select, writable value-range → number, writable string → text,
/// read-only bool → binary_sensor, anything else read-only → sensor. Entities read aiot/{id}/state (the whole twin,
/// retained) and write aiot/{id}/twin/set, which the gateway applies to the twin as a command.
/// </summary>
public static class HomeAssistantDiscovery
{
    public const string Prefix = "homeassistant";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<DiscoveryMessage> For(string deviceId, string deviceName, DeviceSpec spec)
    {
        var node = NodeId(deviceId);
        var messages = new List<DiscoveryMessage>();
        foreach (var property in spec.Properties.Where(p => p.Siid != 1 && p.IsReadable))
        {
            var component = ComponentFor(property);
            var topic = $"{Prefix}/{component}/{node}/{property.Siid}_{property.Piid}/config";
            messages.Add(new DiscoveryMessage(topic, Config(deviceId, deviceName, spec, property, component)));
        }

        return messages;
    }

    public static string ComponentFor(PropertySpec property) => (property.IsWritable, property.Format, property.ValueList, property.Range) switch
    {
        (true, PropertyFormat.Bool, _, _) => "switch",
        (true, _, { Count: > 0 }, _) => "select",
        (true, PropertyFormat.String or PropertyFormat.Hex, _, _) => "text",
        (true, _, _, not null) => "number",
        (false, PropertyFormat.Bool, _, _) => "binary_sensor",
        _ => "sensor",
    };

    /// <summary>Home Assistant node ids take letters, digits, '_' and '-': '_' becomes "__" and '.' "_d", so distinct ids stay distinct.</summary>
    public static string NodeId(string deviceId) => deviceId.Replace("_", "__", StringComparison.Ordinal).Replace(".", "_d", StringComparison.Ordinal);

    private static byte[] Config(string deviceId, string deviceName, DeviceSpec spec, PropertySpec property, string component)
    {
        var key = property.Key;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("name", property.Description);
            json.WriteString("unique_id", $"aiot_{NodeId(deviceId)}_{property.Siid}_{property.Piid}");
            json.WriteString("state_topic", DeviceTopics.For(deviceId, DeviceTopicKind.State));
            json.WriteString("availability_topic", DeviceTopics.For(deviceId, DeviceTopicKind.Status));
            json.WriteString("payload_available", DeviceTopics.Online);
            json.WriteString("payload_not_available", DeviceTopics.Offline);
            var read = $"value_json['{key}']";
            switch (component)
            {
                case "switch":
                    json.WriteString("command_topic", DeviceTopics.For(deviceId, DeviceTopicKind.TwinSet));
                    json.WriteString("payload_on", $"{{\"{key}\": true}}");
                    json.WriteString("payload_off", $"{{\"{key}\": false}}");
                    json.WriteString("value_template", $"{{{{ 'ON' if {read} else 'OFF' }}}}");
                    break;
                case "binary_sensor":
                    json.WriteString("value_template", $"{{{{ 'ON' if {read} else 'OFF' }}}}");
                    break;
                case "select":
                    json.WriteString("command_topic", DeviceTopics.For(deviceId, DeviceTopicKind.TwinSet));
                    json.WriteStartArray("options");
                    foreach (var item in property.ValueList!)
                    {
                        json.WriteStringValue(item.Description);
                    }

                    json.WriteEndArray();
                    json.WriteString("value_template", $"{{{{ {DescriptionsByValue(property)}[{read}] }}}}");
                    json.WriteString("command_template", $"{{\"{key}\": {{{{ {ValuesByDescription(property)}[value] }}}}}}");
                    break;
                case "number":
                    json.WriteString("command_topic", DeviceTopics.For(deviceId, DeviceTopicKind.TwinSet));
                    json.WriteNumber("min", property.Range!.Min);
                    json.WriteNumber("max", property.Range.Max);
                    json.WriteNumber("step", property.Range.Step);
                    json.WriteString("value_template", $"{{{{ {read} }}}}");
                    json.WriteString("command_template", $"{{\"{key}\": {{{{ value }}}}}}");
                    WriteUnit(json, property);
                    break;
                case "text":
                    json.WriteString("command_topic", DeviceTopics.For(deviceId, DeviceTopicKind.TwinSet));
                    json.WriteString("value_template", $"{{{{ {read} }}}}");
                    json.WriteString("command_template", $"{{\"{key}\": {{{{ value | tojson }}}}}}");
                    break;
                default:
                    json.WriteString("value_template", property.ValueList is { Count: > 0 } ? $"{{{{ {DescriptionsByValue(property)}[{read}] }}}}" : $"{{{{ {read} }}}}");
                    WriteUnit(json, property);
                    break;
            }

            json.WriteStartObject("device");
            json.WriteStartArray("identifiers");
            json.WriteStringValue($"aiot_{NodeId(deviceId)}");
            json.WriteEndArray();
            json.WriteString("name", deviceName);
            json.WriteString("model", spec.Model);
            json.WriteString("manufacturer", spec.Model.Split('.')[0]);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteUnit(Utf8JsonWriter json, PropertySpec property)
    {
        var unit = property.Unit switch
        {
            "celsius" => "°C",
            "kelvin" => "K",
            "percentage" => "%",
            "seconds" => "s",
            "minutes" => "min",
            "hours" => "h",
            "pascal" => "Pa",
            "lux" => "lx",
            "ampere" => "A",
            "arcdegrees" => "°",
            "m2" => "m²",
            "μg/m3" => "µg/m³",
            null or "none" => null,
            var other => other,
        };
        if (unit is not null)
        {
            json.WriteString("unit_of_measurement", unit);
        }
    }

    private static string DescriptionsByValue(PropertySpec property) =>
        "{" + string.Join(", ", property.ValueList!.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Value}: {JsonSerializer.Serialize(i.Description)}"))) + "}";

    private static string ValuesByDescription(PropertySpec property) =>
        "{" + string.Join(", ", property.ValueList!.Select(i => string.Create(CultureInfo.InvariantCulture, $"{JsonSerializer.Serialize(i.Description)}: {i.Value}"))) + "}";
}
