using AIoT.Ecosystem.Catalog.Model;

namespace AIoT.Ecosystem.Catalog.Loading;

/// <summary>Service 1 of every MIoT device; added to a device file that does not declare siid 1 itself.</summary>
internal static class DeviceInformation
{
    public static readonly ServiceSpec Service = new(
        1,
        "device-information",
        "Device Information",
        [
            ReadOnly(1, "manufacturer", "Device Manufacturer"),
            ReadOnly(2, "model", "Device Model"),
            ReadOnly(3, "serial-number", "Device ID"),
            ReadOnly(4, "firmware-revision", "Current Firmware Version"),
        ],
        [],
        []);

    private static PropertySpec ReadOnly(int piid, string name, string description) =>
        new(1, piid, name, description, PropertyFormat.String, PropertyAccess.Read, null, null, null) { Alias = $"device-information.{name}" };
}
