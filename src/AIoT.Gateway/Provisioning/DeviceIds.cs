namespace AIoT.Gateway.Provisioning;

/// <summary>Device ids double as MQTT client ids and topic levels, so they stay short and plain.</summary>
public static class DeviceIds
{
    public const int MaxLength = 64;

    /// <summary>Null when the id is usable; otherwise why not.</summary>
    public static string? Check(string id)
    {
        if (id.Length is 0 or > MaxLength)
        {
            return $"a device id has 1 to {MaxLength} characters (got {id.Length}).";
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return $"'{id}' has '{c}'; a device id uses letters, digits, '-', '_' and '.' only (it is a topic level and a client id).";
            }
        }

        return null;
    }
}
