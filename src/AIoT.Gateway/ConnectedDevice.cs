using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;

namespace AIoT.Gateway;

/// <summary>
/// A device the gateway relays commands to, with the twin's values as last seen, so a refused set can be undone, and
/// its grain's reference (resolving one from the factory reflects over the interface's attributes on every call).
/// </summary>
internal sealed class ConnectedDevice(IDeviceGrain grain, DeviceTwin twin, DateTimeOffset subscribedAt)
{
    private readonly Dictionary<string, PropertyValue> _values = twin.Properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public DateTimeOffset SubscribedAt { get; set; } = subscribedAt;

    public DeviceTwin Twin { get; } = twin;

    public IDeviceGrain Grain { get; } = grain;

    public Dictionary<string, PropertyValue> Snapshot()
    {
        lock (_values)
        {
            return new Dictionary<string, PropertyValue>(_values, StringComparer.Ordinal);
        }
    }

    /// <summary>Records the changes; returns what each changed property held before.</summary>
    public Dictionary<string, PropertyValue> Remember(IReadOnlyList<TwinProperty> changes)
    {
        var previous = new Dictionary<string, PropertyValue>(changes.Count, StringComparer.Ordinal);
        lock (_values)
        {
            foreach (var change in changes)
            {
                if (_values.TryGetValue(change.Key, out var before))
                {
                    previous[change.Key] = before;
                }

                _values[change.Key] = change.Value;
            }
        }

        return previous;
    }
}
