using System.Collections.Concurrent;

namespace AIoT.Grains.Runtime;

/// <summary>The silo's activations by grain id: at most one per id.</summary>
internal sealed class ActivationDirectory
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    public int Count => _activations.Count;

    public IEnumerable<ActivationData> All => _activations.Values;

    public ActivationData GetOrCreate(GrainId id, GrainClass grainClass, GrainRuntime runtime)
    {
        if (_activations.TryGetValue(id, out var existing))
        {
            return existing;
        }

        var created = new ActivationData(id, grainClass, runtime);
        return _activations.GetOrAdd(id, created);
    }

    public bool TryGet(GrainId id, out ActivationData? activation) => _activations.TryGetValue(id, out activation);

    public void Add(ActivationData activation)
    {
        if (!_activations.TryAdd(activation.Id, activation))
        {
            throw new InvalidOperationException($"{activation.Id} is already active.");
        }
    }

    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.Id, activation));
}
