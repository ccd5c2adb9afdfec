namespace AIoT.Ecosystem.Devices;

/// <summary>Hears every change of a device twin: the gateway (to command the hardware), dashboards, scenes.</summary>
public interface IDeviceObserver : IGrainObserver
{
    void OnPropertiesChanged(string deviceId, IReadOnlyList<TwinProperty> changes, ChangeSource source);

    void OnEvent(DeviceEventRecord deviceEvent);

    void OnActionInvoked(string deviceId, string actionKey, IReadOnlyList<Catalog.Validation.PropertyValue> inputs);

    void OnOnlineChanged(string deviceId, bool online);
}
