using System.Text.Json.Serialization;

namespace AIoT.Ecosystem.Catalog.Loading;

/// <summary>The shape of a device file, as written by hand; checked and turned into a DeviceSpec by DeviceFileReader.</summary>
internal sealed class DeviceFileDocument
{
    public string? Model { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    public List<ServiceDocument>? Services { get; set; }
}

internal sealed class ServiceDocument
{
    public int? Siid { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<PropertyDocument>? Properties { get; set; }

    public List<ActionDocument>? Actions { get; set; }

    public List<EventDocument>? Events { get; set; }
}

internal sealed class PropertyDocument
{
    public int? Piid { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Format { get; set; }

    public List<string>? Access { get; set; }

    public string? Unit { get; set; }

    public List<double>? Range { get; set; }

    public List<ValueDocument>? Values { get; set; }
}

internal sealed class ValueDocument
{
    public long? Value { get; set; }

    public string? Description { get; set; }
}

internal sealed class ActionDocument
{
    public int? Aiid { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<int>? In { get; set; }

    public List<int>? Out { get; set; }
}

internal sealed class EventDocument
{
    public int? Eiid { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<int>? Arguments { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(DeviceFileDocument))]
internal sealed partial class DeviceFileJsonContext : JsonSerializerContext;
