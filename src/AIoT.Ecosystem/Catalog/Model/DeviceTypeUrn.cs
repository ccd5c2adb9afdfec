using System.Globalization;

namespace AIoT.Ecosystem.Catalog.Model;

/// <summary>urn:miot-spec-v2:device:&lt;type&gt;:&lt;hex id&gt;:&lt;vendor-model&gt;:&lt;version&gt;</summary>
public sealed record DeviceTypeUrn(string Namespace, string Type, string HexId, string VendorModel, int Version)
{
    public static bool TryParse(string text, out DeviceTypeUrn? urn, out string error)
    {
        urn = null;
        var parts = text.Split(':');
        if (parts.Length != 7 || parts[0] != "urn" || parts[2] != "device")
        {
            error = $"'{text}' is not of the form urn:<namespace>:device:<type>:<hex id>:<vendor-model>:<version>";
            return false;
        }

        if (parts[3].Length == 0 || !parts[3].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            error = $"device type '{parts[3]}' must be lower-case letters, digits and hyphens";
            return false;
        }

        if (parts[4].Length != 8 || !parts[4].All(char.IsAsciiHexDigit))
        {
            error = $"type id '{parts[4]}' must be 8 hex digits";
            return false;
        }

        if (!int.TryParse(parts[6], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            error = $"version '{parts[6]}' must be a whole number from 1";
            return false;
        }

        urn = new DeviceTypeUrn(parts[1], parts[3], parts[4], parts[5], version);
        error = "";
        return true;
    }

    public override string ToString() => $"urn:{Namespace}:device:{Type}:{HexId}:{VendorModel}:{Version}";
}
