using AIoT.Grains;

namespace AIoT.Gateway.Provisioning;

public sealed class DeviceCredentialsState
{
    public string? SecretHash { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
}

public sealed class DeviceCredentialsGrain : Grain<DeviceCredentialsState>, IDeviceCredentialsGrain
{
    public async Task<string> Issue()
    {
        var secret = SecretHasher.NewSecret();
        State.SecretHash = SecretHasher.Hash(secret);
        State.IssuedAt = TimeProvider.GetUtcNow();
        await WriteStateAsync();
        return secret;
    }

    public Task<bool> Verify(string secret) =>
        Task.FromResult(State.SecretHash is { } hash && SecretHasher.Verify(secret, hash));

    public Task<bool> Exists() => Task.FromResult(State.SecretHash is not null);

    public async Task Revoke()
    {
        await ClearStateAsync();
        DeactivateOnIdle();
    }
}
