using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Ecosystem.Devices;

/// <summary>A device request that failed; <see cref="Code"/> is the MIoT result code.</summary>
[GenerateSerializer]
public sealed class DeviceException : InvalidOperationException
{
    public DeviceException(int code, string message)
        : base($"{message} (MIoT code {code}: {MiotCodes.Describe(code)})")
    {
        Code = code;
    }

    [Id(0)]
    public int Code { get; private set; }
}
