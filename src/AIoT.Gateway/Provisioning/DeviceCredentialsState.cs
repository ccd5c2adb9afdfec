namespace AIoT.Gateway.Provisioning;

/// <summary>A secret issued after registration (a renewal); the one issued at registration stays in the directory.</summary>
[GenerateSerializer]
public sealed class DeviceCredentialsState
{
    [Id(0)]
    public string? SecretHash { get; set; }

    [Id(1)]
    public DateTimeOffset IssuedAt { get; set; }
}
