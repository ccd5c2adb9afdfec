using System.Reflection;
using AIoT.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AIoT.Grains;

/// <summary>
/// A grain with persistent state: read from its storage provider before <see cref="Grain.OnActivateAsync"/>,
/// written only when the grain says so. Writes carry the ETag of the last read or write, so a writer holding a
/// stale copy fails with <see cref="InconsistentStateException"/> and the stored state stays as it was.
/// </summary>
public abstract class Grain<TState> : Grain where TState : new()
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, StorageProviderAttribute> Bindings = new();

    private readonly GrainState<TState> _state = new(new TState());
    private IGrainStorage? _storage;
    private string _stateName = "state";

    protected TState State
    {
        get => _state.State;
        set => _state.State = value;
    }

    /// <summary>False until the state has been written once.</summary>
    protected bool RecordExists => _state.RecordExists;

    protected string? StateETag => _state.ETag;

    internal override async Task ActivateCoreAsync(CancellationToken cancellationToken)
    {
        var binding = Bindings.GetOrAdd(GetType(), static t => t.GetCustomAttribute<StorageProviderAttribute>(inherit: true) ?? new StorageProviderAttribute());
        _stateName = binding.StateName;
        _storage = Activation.Runtime.Services.GetKeyedService<IGrainStorage>(binding.ProviderName)
            ?? throw new InvalidOperationException(
                $"Grain {GrainId} needs grain storage '{binding.ProviderName}', which is not registered. Add it with SiloBuilder.AddGrainStorage.");
        await ReadStateAsync();
        await OnActivateAsync(cancellationToken);
    }

    protected Task ReadStateAsync() => Storage.ReadStateAsync(_stateName, GrainId, _state);

    protected Task WriteStateAsync() => Storage.WriteStateAsync(_stateName, GrainId, _state);

    /// <summary>Deletes the stored state and resets <see cref="State"/> to a new instance.</summary>
    protected async Task ClearStateAsync()
    {
        await Storage.ClearStateAsync(_stateName, GrainId, _state);
        _state.State = new TState();
    }

    private IGrainStorage Storage => _storage ?? throw new InvalidOperationException("Grain state is available from OnActivateAsync on.");
}
