using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace AIoT.Gateway.Provisioning;

[GrainType(GatewayGrainTypes.DeviceCredentials)]
public sealed class DeviceCredentialsGrain(
    [PersistentState(GatewayGrainTypes.StateName)] IPersistentState<DeviceCredentialsState> credentials,
    TimeProvider time,
    IServiceProvider services) : Grain, IDeviceCredentialsGrain
{
    private readonly IDeviceDirectory? _directory = services.GetService<IDeviceDirectory>();
    private string? _secretHash;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _secretHash = credentials.State.SecretHash;
        if (_secretHash is null && _directory is not null)
        {
            _secretHash = (await _directory.FindAsync(this.GetPrimaryKeyString()))?.SecretHash;
        }
    }

    public async Task<string> Issue()
    {
        var (secret, hash) = SecretHasher.Issue();
        credentials.State.SecretHash = hash;
        credentials.State.IssuedAt = time.GetUtcNow();
        await credentials.WriteStateAsync();
        _secretHash = credentials.State.SecretHash;
        return secret;
    }

    public Task<bool> Verify(string secret) =>
        Task.FromResult(Known() is { } hash && SecretHasher.Verify(secret, hash));

    public Task<bool> Exists() => Task.FromResult(Known() is not null);

    /// <summary>The hash; with none, the activation goes, so the next call reads the directory again (the device may be registered by then).</summary>
    private string? Known()
    {
        if (_secretHash is null)
        {
            DeactivateOnIdle();
        }

        return _secretHash;
    }

    public async Task Revoke()
    {
        _secretHash = null;
        if (credentials.RecordExists)
        {
            await credentials.ClearStateAsync();
        }

        DeactivateOnIdle();
    }
}
