using Orleans.Concurrency;

namespace AIoT.Gateway.Provisioning;

/// <summary>The MQTT credentials of one provisioned device, keyed by device id (which is also its client id and user name).</summary>
public interface IDeviceCredentialsGrain : IGrainWithStringKey
{
    /// <summary>Creates a new secret, replacing any earlier one; returns it. Only its hash is kept.</summary>
    Task<string> Issue();

    [ReadOnly]
    Task<bool> Verify(string secret);

    [ReadOnly]
    Task<bool> Exists();

    Task Revoke();
}
