namespace AIoT.Ecosystem.Catalog.Model;

/// <summary>MIoT-Spec-V2 property formats.</summary>
public enum PropertyFormat
{
    Bool,
    Uint8,
    Uint16,
    Uint32,
    Int8,
    Int16,
    Int32,
    Int64,
    Float,
    String,
    Hex,
}

public static class PropertyFormats
{
    public static bool TryParse(string text, out PropertyFormat format)
    {
        format = text switch
        {
            "bool" => PropertyFormat.Bool,
            "uint8" => PropertyFormat.Uint8,
            "uint16" => PropertyFormat.Uint16,
            "uint32" => PropertyFormat.Uint32,
            "int8" => PropertyFormat.Int8,
            "int16" => PropertyFormat.Int16,
            "int32" => PropertyFormat.Int32,
            "int64" => PropertyFormat.Int64,
            "float" => PropertyFormat.Float,
            "string" => PropertyFormat.String,
            "hex" => PropertyFormat.Hex,
            _ => (PropertyFormat)(-1),
        };
        return (int)format >= 0;
    }

    public static string Name(this PropertyFormat format) => format.ToString().ToLowerInvariant();

    public static bool IsInteger(this PropertyFormat format) => format is >= PropertyFormat.Uint8 and <= PropertyFormat.Int64;

    public static bool IsNumeric(this PropertyFormat format) => format.IsInteger() || format == PropertyFormat.Float;

    /// <summary>The values an integer format can hold.</summary>
    public static (double Min, double Max) Bounds(this PropertyFormat format) => format switch
    {
        PropertyFormat.Uint8 => (byte.MinValue, byte.MaxValue),
        PropertyFormat.Uint16 => (ushort.MinValue, ushort.MaxValue),
        PropertyFormat.Uint32 => (uint.MinValue, uint.MaxValue),
        PropertyFormat.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        PropertyFormat.Int16 => (short.MinValue, short.MaxValue),
        PropertyFormat.Int32 => (int.MinValue, int.MaxValue),
        PropertyFormat.Int64 => (long.MinValue, long.MaxValue),
        _ => (double.MinValue, double.MaxValue),
    };
}
