namespace AIoT.Grains;

/// <summary>
/// Names one grain: its type and its key. Printed as "type/key", the form that crosses a process boundary.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    public GrainId(GrainType type, GrainKey key)
    {
        Type = type;
        Key = key;
    }

    public GrainType Type { get; }

    public GrainKey Key { get; }

    public bool Equals(GrainId other) => ReferenceEquals(Type, other.Type) && Key.Equals(other.Key);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, Key);

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);

    public override string ToString() => Type is null ? "(none)" : $"{Type.Name}/{Key.Format(Type.KeyKind)}";

    /// <summary>Parses "type/key" for a grain type already known to this process.</summary>
    public static GrainId Parse(string text, Func<string, GrainType?> resolveType)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/');
        if (slash <= 0)
        {
            throw new FormatException($"Grain id '{text}' is not of the form type/key.");
        }

        var type = resolveType(text[..slash]) ?? throw new FormatException($"Grain id '{text}' names an unknown grain type '{text[..slash]}'.");
        return new GrainId(type, GrainKey.Parse(text[(slash + 1)..], type.KeyKind));
    }
}
