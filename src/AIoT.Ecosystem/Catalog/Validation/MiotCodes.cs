namespace AIoT.Ecosystem.Catalog.Validation;

/// <summary>
/// Result codes, as MIoT devices answer property and action requests (0 is success, negative is an error).
/// The cloud API answers the same conditions with 70xxxxxxx codes; docs/devices.md lists both.
/// </summary>
public static class MiotCodes
{
    public const int Ok = 0;

    /// <summary>Accepted; the device finishes later and reports the outcome.</summary>
    public const int Accepted = 1;

    public const int PropertyNotReadable = -4001;
    public const int PropertyNotWritable = -4002;

    /// <summary>No such property, action or event on this device.</summary>
    public const int NotFound = -4003;

    public const int InternalError = -4004;

    /// <summary>The value's format, range, step or value-list is wrong.</summary>
    public const int PropertyValueError = -4005;

    public const int ActionParameterError = -4006;

    public const int DeviceIdError = -4007;

    /// <summary>The device is not connected; the request could not reach it.</summary>
    public const int DeviceOffline = -704042011;

    public static string Describe(int code) => code switch
    {
        Ok => "ok",
        Accepted => "accepted",
        PropertyNotReadable => "property is not readable",
        PropertyNotWritable => "property is not writable",
        NotFound => "property, action or event does not exist",
        InternalError => "internal error",
        PropertyValueError => "property value error",
        ActionParameterError => "action parameter error",
        DeviceIdError => "device id error",
        DeviceOffline => "device offline",
        _ => $"code {code}",
    };
}
