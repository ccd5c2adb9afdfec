namespace AIoT.Gateway.Provisioning;

/// <summary>The gateway's grain type names, kept from before Orleans so stored credentials are found under the same ids.</summary>
public static class GatewayGrainTypes
{
    public const string DeviceCredentials = "devicecredentials";

    public const string StateName = "state";
}
