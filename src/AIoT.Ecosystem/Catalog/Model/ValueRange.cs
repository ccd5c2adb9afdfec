namespace AIoT.Ecosystem.Catalog.Model;

/// <summary>A MIoT value-range [min, max, step].</summary>
public sealed record ValueRange(double Min, double Max, double Step)
{
    public bool Contains(double value) => value >= Min - Tolerance && value <= Max + Tolerance;

    /// <summary>Whether the value lies on min + k × step (within floating-point noise).</summary>
    public bool IsOnStep(double value)
    {
        var steps = (value - Min) / Step;
        return Math.Abs(steps - Math.Round(steps)) < 1e-6;
    }

    private double Tolerance => Step * 1e-9;

    public override string ToString() => FormattableString.Invariant($"[{Min}, {Max}, {Step}]");
}

public sealed record ValueListItem(long Value, string Description);
