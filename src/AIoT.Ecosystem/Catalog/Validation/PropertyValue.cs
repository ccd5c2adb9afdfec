using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AIoT.Ecosystem.Catalog.Validation;

[GenerateSerializer]
public enum PropertyValueKind : byte
{
    Bool,
    Integer,
    Float,
    String,
}

/// <summary>A property's value: bool, integer, float or string. Written to JSON as the plain value.</summary>
[JsonConverter(typeof(PropertyValueJsonConverter))]
[GenerateSerializer, Immutable]
public readonly struct PropertyValue : IEquatable<PropertyValue>
{
    [Id(1)]
    private readonly long _integer;
    [Id(2)]
    private readonly double _float;
    [Id(3)]
    private readonly string? _string;

    private PropertyValue(PropertyValueKind kind, long integer, double @float, string? text)
    {
        Kind = kind;
        _integer = integer;
        _float = @float;
        _string = text;
    }

    [Id(0)]
    public PropertyValueKind Kind { get; }

    public static PropertyValue Of(bool value) => new(PropertyValueKind.Bool, value ? 1 : 0, 0, null);

    public static PropertyValue Of(long value) => new(PropertyValueKind.Integer, value, 0, null);

    public static PropertyValue Of(double value) => new(PropertyValueKind.Float, 0, value, null);

    public static PropertyValue Of(string value) => new(PropertyValueKind.String, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public bool AsBool() => Kind == PropertyValueKind.Bool ? _integer != 0 : throw Wrong("bool");

    public long AsLong() => Kind == PropertyValueKind.Integer ? _integer : throw Wrong("integer");

    /// <summary>The value as a number, for integers and floats alike.</summary>
    public double AsDouble() => Kind switch
    {
        PropertyValueKind.Float => _float,
        PropertyValueKind.Integer => _integer,
        _ => throw Wrong("number"),
    };

    public string AsString() => _string ?? throw Wrong("string");

    public bool Equals(PropertyValue other) =>
        Kind == other.Kind && _integer == other._integer && _float.Equals(other._float) && string.Equals(_string, other._string, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is PropertyValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, _integer, _float, _string);

    public static bool operator ==(PropertyValue left, PropertyValue right) => left.Equals(right);

    public static bool operator !=(PropertyValue left, PropertyValue right) => !left.Equals(right);

    public override string ToString() => Kind switch
    {
        PropertyValueKind.Bool => _integer != 0 ? "true" : "false",
        PropertyValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        PropertyValueKind.Float => _float.ToString("R", CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(_string),
    };

    private InvalidOperationException Wrong(string wanted) => new($"The value {this} is a {Kind.ToString().ToLowerInvariant()}, not a {wanted}.");
}

public sealed class PropertyValueJsonConverter : JsonConverter<PropertyValue>
{
    public override PropertyValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => PropertyValue.Of(true),
        JsonTokenType.False => PropertyValue.Of(false),
        JsonTokenType.String => PropertyValue.Of(reader.GetString()!),
        JsonTokenType.Number when reader.TryGetInt64(out var integer) => PropertyValue.Of(integer),
        JsonTokenType.Number => PropertyValue.Of(reader.GetDouble()),
        _ => throw new JsonException($"A property value is a bool, number or string, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, PropertyValue value, JsonSerializerOptions options)
    {
        switch (value.Kind)
        {
            case PropertyValueKind.Bool:
                writer.WriteBooleanValue(value.AsBool());
                break;
            case PropertyValueKind.Integer:
                writer.WriteNumberValue(value.AsLong());
                break;
            case PropertyValueKind.Float:
                writer.WriteNumberValue(value.AsDouble());
                break;
            default:
                writer.WriteStringValue(value.AsString());
                break;
        }
    }
}
