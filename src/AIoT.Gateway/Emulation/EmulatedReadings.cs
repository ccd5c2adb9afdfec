using AIoT.Ecosystem.Catalog.Model;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;

namespace AIoT.Gateway.Emulation;

/// <summary>How an emulated device's sensor readings start and drift: plausible values, inside the spec's range and step.</summary>
public static class EmulatedReadings
{
    public static PropertyValue Initial(PropertySpec property, string deviceId, string model)
    {
        if (property.Range is not { } range || property.IsWritable || property.Format is PropertyFormat.Bool or PropertyFormat.String or PropertyFormat.Hex)
        {
            return InitialValues.For(property, deviceId, model);
        }

        var typical = property.Name switch
        {
            var n when n.Contains("temperature", StringComparison.Ordinal) => 22.0,
            var n when n.Contains("humidity", StringComparison.Ordinal) => 45.0,
            var n when n.Contains("battery", StringComparison.Ordinal) => 90.0,
            _ => range.Min + ((range.Max - range.Min) * 0.3),
        };
        return OnRange(property, range, typical);
    }

    /// <summary>A small random step from the current value (about 1% of the range), for read-only numeric properties.</summary>
    public static PropertyValue Drift(PropertySpec property, PropertyValue current, Random random)
    {
        if (property.Range is not { } range || property.IsWritable || current.Kind is not (PropertyValueKind.Integer or PropertyValueKind.Float))
        {
            return current;
        }

        var span = range.Max - range.Min;
        var next = current.AsDouble() + ((random.NextDouble() - 0.5) * span * 0.02);
        return OnRange(property, range, next);
    }

    private static PropertyValue OnRange(PropertySpec property, ValueRange range, double value)
    {
        var clamped = Math.Clamp(value, range.Min, range.Max);
        var stepped = range.Min + (Math.Round((clamped - range.Min) / range.Step) * range.Step);
        stepped = Math.Clamp(stepped, range.Min, range.Max);
        return property.Format == PropertyFormat.Float
            ? PropertyValue.Of(Math.Round(stepped, 6))
            : PropertyValue.Of((long)Math.Round(stepped));
    }
}
