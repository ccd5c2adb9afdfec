using System.Globalization;
using System.Text.Json;
using AIoT.Ecosystem.Catalog.Model;

namespace AIoT.Ecosystem.Catalog.Validation;

/// <summary>Checks a value against a property's spec: access, format, range and step, value-list.</summary>
public static class PropertyValueValidator
{
    public static PropertyCheck Check(PropertySpec spec, JsonElement value, PropertyUse use)
    {
        var converted = Convert(spec, value);
        return converted.IsOk ? Check(spec, converted.Value, use) : converted;
    }

    public static PropertyCheck Check(PropertySpec spec, PropertyValue value, PropertyUse use)
    {
        var name = $"{spec.Alias} ({spec.Key})";
        if (use == PropertyUse.Set && !spec.IsWritable)
        {
            return PropertyCheck.Fail(MiotCodes.PropertyNotWritable, $"{name} is not writable.");
        }

        switch (spec.Format)
        {
            case PropertyFormat.Bool:
                return value.Kind == PropertyValueKind.Bool ? PropertyCheck.Ok(value) : WrongFormat(name, spec, value);
            case PropertyFormat.String:
            case PropertyFormat.Hex:
                if (value.Kind != PropertyValueKind.String)
                {
                    return WrongFormat(name, spec, value);
                }

                if (spec.Format == PropertyFormat.Hex && !value.AsString().All(char.IsAsciiHexDigit))
                {
                    return PropertyCheck.Fail(MiotCodes.PropertyValueError, $"{name} takes hex digits; got {value}.");
                }

                return PropertyCheck.Ok(value);
            case PropertyFormat.Float:
                if (value.Kind is not (PropertyValueKind.Float or PropertyValueKind.Integer))
                {
                    return WrongFormat(name, spec, value);
                }

                return CheckNumber(name, spec, PropertyValue.Of(value.AsDouble()));
            default:
                if (value.Kind == PropertyValueKind.Float && value.AsDouble() % 1 == 0 && Math.Abs(value.AsDouble()) < 9e15)
                {
                    value = PropertyValue.Of((long)value.AsDouble());
                }

                if (value.Kind != PropertyValueKind.Integer)
                {
                    return WrongFormat(name, spec, value);
                }

                var (low, high) = spec.Format.Bounds();
                if (value.AsLong() < low || value.AsLong() > high)
                {
                    return PropertyCheck.Fail(MiotCodes.PropertyValueError, $"{name} is {spec.Format.Name()}; {value} does not fit.");
                }

                return CheckNumber(name, spec, value);
        }
    }

    private static PropertyCheck CheckNumber(string name, PropertySpec spec, PropertyValue value)
    {
        var number = value.AsDouble();
        if (double.IsNaN(number) || double.IsInfinity(number))
        {
            return PropertyCheck.Fail(MiotCodes.PropertyValueError, $"{name} takes a finite number; got {value}.");
        }

        if (spec.Range is { } range)
        {
            if (!range.Contains(number))
            {
                return PropertyCheck.Fail(MiotCodes.PropertyValueError, $"{name} must be within {range}{Unit(spec)}; got {value}.");
            }

            if (!range.IsOnStep(number))
            {
                return PropertyCheck.Fail(MiotCodes.PropertyValueError, $"{name} moves in steps of {range.Step.ToString(CultureInfo.InvariantCulture)} from {range.Min.ToString(CultureInfo.InvariantCulture)}; got {value}.");
            }
        }

        if (spec.ValueList is { } list && !list.Any(item => item.Value == number))
        {
            var allowed = string.Join(", ", list.Select(item => $"{item.Value} {item.Description}"));
            return PropertyCheck.Fail(MiotCodes.PropertyValueError, $"{name} takes one of: {allowed}; got {value}.");
        }

        return PropertyCheck.Ok(value);
    }

    private static PropertyCheck Convert(PropertySpec spec, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => PropertyCheck.Ok(PropertyValue.Of(true)),
        JsonValueKind.False => PropertyCheck.Ok(PropertyValue.Of(false)),
        JsonValueKind.String => PropertyCheck.Ok(PropertyValue.Of(value.GetString()!)),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => PropertyCheck.Ok(PropertyValue.Of(integer)),
        JsonValueKind.Number => PropertyCheck.Ok(PropertyValue.Of(value.GetDouble())),
        _ => PropertyCheck.Fail(MiotCodes.PropertyValueError, $"{spec.Alias} ({spec.Key}) takes a {spec.Format.Name()}; got JSON {value.ValueKind.ToString().ToLowerInvariant()}."),
    };

    private static PropertyCheck WrongFormat(string name, PropertySpec spec, PropertyValue value) =>
        PropertyCheck.Fail(MiotCodes.PropertyValueError, $"{name} takes a {spec.Format.Name()}; got {value.Kind.ToString().ToLowerInvariant()} {value}.");

    private static string Unit(PropertySpec spec) => spec.Unit is null ? "" : $" {spec.Unit}";
}
