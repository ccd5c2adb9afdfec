using AIoT.Ecosystem.Catalog.Model;
using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Benchmarks.Sections;

internal static class PropertySpecExtensions
{
    /// <summary>A number on a stepped range that a device reports (and the twin notifies), so any step value is accepted.</summary>
    public static bool IsWritableByReport(this PropertySpec p) =>
        p.Format is PropertyFormat.Float or PropertyFormat.Uint8 or PropertyFormat.Uint16 or PropertyFormat.Uint32 && p.Range is { Step: > 0 } && p.Notifies;

    /// <summary>A value inside the property's range, on its step, different from call to call.</summary>
    public static PropertyValue ValueFor(this PropertySpec p, long seq)
    {
        var range = p.Range!;
        var steps = (long)((range.Max - range.Min) / range.Step);
        var value = range.Min + (seq % Math.Max(1, steps)) * range.Step;
        return p.Format == PropertyFormat.Float ? PropertyValue.Of(Math.Round(value, 6)) : PropertyValue.Of((long)Math.Round(value));
    }
}
