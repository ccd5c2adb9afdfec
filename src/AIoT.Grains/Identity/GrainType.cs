namespace AIoT.Grains;

/// <summary>The name of a grain class as the runtime knows it, e.g. "thermostat". Interned: one instance per name.</summary>
public sealed class GrainType : IEquatable<GrainType>
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, GrainType> Interned = new(StringComparer.Ordinal);

    private GrainType(string name, GrainKeyKind keyKind)
    {
        Name = name;
        KeyKind = keyKind;
    }

    public string Name { get; }

    public GrainKeyKind KeyKind { get; }

    public static GrainType Get(string name, GrainKeyKind keyKind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/'))
        {
            throw new ArgumentException($"Grain type name '{name}' must not contain '/'.", nameof(name));
        }

        var type = Interned.GetOrAdd(name, static (n, k) => new GrainType(n, k), keyKind);
        if (type.KeyKind != keyKind)
        {
            throw new InvalidOperationException($"Grain type '{name}' is keyed by {type.KeyKind}, not {keyKind}.");
        }

        return type;
    }

    public bool Equals(GrainType? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    public override string ToString() => Name;
}
