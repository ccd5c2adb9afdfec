namespace AIoT.Gateway.Provisioning;

public enum ProvisioningError
{
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>A provisioning request that cannot be carried out; the message names the field and the fix.</summary>
public sealed class ProvisioningException(ProvisioningError error, string message) : Exception(message)
{
    public ProvisioningError Error { get; } = error;
}
