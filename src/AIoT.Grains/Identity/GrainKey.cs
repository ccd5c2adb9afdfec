using System.Globalization;

namespace AIoT.Grains;

/// <summary>The key part of a grain id. Integer and Guid keys are stored as numbers so they cost no string per grain.</summary>
public readonly struct GrainKey : IEquatable<GrainKey>
{
    private readonly string? _text;
    private readonly long _high;
    private readonly long _low;

    private GrainKey(string? text, long high, long low)
    {
        _text = text;
        _high = high;
        _low = low;
    }

    public static GrainKey FromString(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new GrainKey(key, 0, 0);
    }

    public static GrainKey FromLong(long key) => new(null, 0, key);

    public static GrainKey FromGuid(Guid key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes);
        return new GrainKey(null, BitConverter.ToInt64(bytes), BitConverter.ToInt64(bytes[8..]));
    }

    public string AsString() => _text ?? throw new InvalidOperationException("This grain is not keyed by a string.");

    public long AsLong() => _text is null ? _low : throw new InvalidOperationException("This grain is not keyed by an integer.");

    public Guid AsGuid()
    {
        if (_text is not null)
        {
            throw new InvalidOperationException("This grain is not keyed by a Guid.");
        }

        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, _high);
        BitConverter.TryWriteBytes(bytes[8..], _low);
        return new Guid(bytes);
    }

    public string Format(GrainKeyKind kind) => kind switch
    {
        GrainKeyKind.String => AsString(),
        GrainKeyKind.Integer => AsLong().ToString(CultureInfo.InvariantCulture),
        _ => AsGuid().ToString("N"),
    };

    public static GrainKey Parse(string text, GrainKeyKind kind) => kind switch
    {
        GrainKeyKind.String => FromString(text),
        GrainKeyKind.Integer => FromLong(long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        _ => FromGuid(Guid.Parse(text)),
    };

    public bool Equals(GrainKey other) =>
        _high == other._high && _low == other._low && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainKey other && Equals(other);

    public override int GetHashCode() =>
        _text is null ? HashCode.Combine(_high, _low) : StringComparer.Ordinal.GetHashCode(_text);
}
