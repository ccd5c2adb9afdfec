namespace AIoT.Gateway.Provisioning;

/// <summary>The gateway's grain type names, kept from the runtime before Orleans (it wrote class names in kebab case) so stored credentials are found under the same ids.</summary>
public static class GatewayGrainTypes
{
    public const string DeviceCredentials = "device-credentials";

    public const string StateName = "state";
}
