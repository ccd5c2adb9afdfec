using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Scenes.Engine;
using Orleans.Concurrency;

namespace AIoT.Ecosystem.Devices;

/// <summary>The digital twin of one MIoT device, keyed by device id.</summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>Registers the device: its model (from the catalog), household, room and name. Sets every property to its initial value.</summary>
    Task Provision(DeviceRegistration registration);

    [ReadOnly]
    Task<DeviceTwin> GetTwin();

    /// <summary>Recent changes of one property (by key or alias) or of all (null), oldest first; recording starts with the first call and lasts while the twin is active.</summary>
    Task<IReadOnlyList<TwinProperty>> GetHistory(string? key, int limit);

    [ReadOnly]
    Task<IReadOnlyList<PropertyResult>> GetProperties(IReadOnlyList<string> keys);

    /// <summary>A command: each value is checked against the spec, including access; a failed one leaves its property unchanged.</summary>
    Task<IReadOnlyList<PropertyResult>> SetProperties(IReadOnlyList<PropertyWrite> writes);

    /// <summary>One property, throwing <see cref="DeviceException"/> with the MIoT code when the value is refused.</summary>
    Task SetProperty(string key, PropertyValue value);

    /// <summary>What the device says its state is; checked for format and range, not for writability.</summary>
    Task<IReadOnlyList<PropertyResult>> ReportProperties(IReadOnlyList<PropertyWrite> reports);

    Task<ActionResult> InvokeAction(string key, IReadOnlyList<PropertyValue> inputs);

    Task RaiseEvent(string key, IReadOnlyList<PropertyValue> arguments);

    Task SetOnline(bool online);

    /// <summary>Forgets the device: its state is deleted and the next call finds it unregistered.</summary>
    Task Decommission();

    /// <summary>The household's scenes say which properties and events to report to it; an empty interest stops the reports.</summary>
    Task WatchForScenes(string householdId, DeviceInterest interest);

    Task Subscribe(IDeviceObserver observer);

    Task Unsubscribe(IDeviceObserver observer);
}
