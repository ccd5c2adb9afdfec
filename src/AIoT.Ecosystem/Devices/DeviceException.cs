using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Ecosystem.Devices;

/// <summary>A device request that failed; <see cref="Code"/> is the MIoT result code.</summary>
public sealed class DeviceException(int code, string message) : InvalidOperationException($"{message} (MIoT code {code}: {MiotCodes.Describe(code)})")
{
    public int Code { get; } = code;
}
