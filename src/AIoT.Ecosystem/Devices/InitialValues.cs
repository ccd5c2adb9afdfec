using AIoT.Ecosystem.Catalog.Model;
using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Ecosystem.Devices;

/// <summary>The value a property has before anyone sets or reports it.</summary>
public static class InitialValues
{
    public static PropertyValue For(PropertySpec spec, string deviceId, string model) => spec.Alias switch
    {
        "device-information.manufacturer" => PropertyValue.Of(model.Split('.')[0]),
        "device-information.model" => PropertyValue.Of(model),
        "device-information.serial-number" => PropertyValue.Of(deviceId),
        "device-information.firmware-revision" => PropertyValue.Of("1.0.0"),
        _ => spec.Format switch
        {
            PropertyFormat.Bool => PropertyValue.Of(false),
            PropertyFormat.String or PropertyFormat.Hex => PropertyValue.Of(""),
            PropertyFormat.Float => PropertyValue.Of(spec.Range is { } range ? Math.Clamp(0, range.Min, range.Max) : 0),
            _ => PropertyValue.Of(spec.ValueList is { Count: > 0 } list ? list[0].Value : spec.Range is { } range ? (long)Math.Clamp(0, range.Min, range.Max) : 0),
        },
    };
}
