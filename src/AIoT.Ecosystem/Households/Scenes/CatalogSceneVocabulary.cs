using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Catalog.Model;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Scenes.Validation;

namespace AIoT.Ecosystem.Households.Scenes;

/// <summary>A household's devices, members and vehicles as scene validation sees them, with each device's MIoT model from the catalog.</summary>
internal sealed class CatalogSceneVocabulary(HouseholdState household, DeviceCatalog catalog) : ISceneVocabulary
{
    public static readonly IReadOnlyList<string> ModeNames = [.. Enum.GetValues<HouseholdMode>().Select(m => m.ToString().ToLowerInvariant())];

    public IReadOnlyCollection<string> DeviceIds => household.Devices.Keys;

    public IReadOnlyCollection<string> People => household.Members;

    public IReadOnlyCollection<string> Vehicles => household.Vehicles;

    public IReadOnlyList<string> Modes => ModeNames;

    public ISceneDevice? FindDevice(string deviceId) =>
        household.Devices.TryGetValue(deviceId, out var device) && catalog.Find(device.Model) is { } spec ? new Device(spec) : null;

    public bool HasPerson(string personId) => household.Members.Contains(personId);

    public bool HasVehicle(string vehicleId) => household.Vehicles.Contains(vehicleId);

    private sealed class Device(DeviceSpec spec) : ISceneDevice
    {
        public string Model => spec.Model;

        public IEnumerable<string> PropertyNames => spec.Properties.Select(p => p.Alias);

        public IEnumerable<string> EventNames => spec.Events.Select(e => e.Alias);

        public IEnumerable<string> ActionNames => spec.Actions.Select(a => a.Alias);

        public SceneProperty? FindProperty(string keyOrAlias) => spec.ResolveProperty(keyOrAlias) is { } p
            ? new SceneProperty(p.Key, p.Alias, p.IsReadable, p.IsWritable, p.Format is not (PropertyFormat.Bool or PropertyFormat.String or PropertyFormat.Hex),
                value =>
                {
                    var check = PropertyValueValidator.Check(p, SceneValues.ToProperty(value, p), PropertyUse.Report);
                    return check.IsOk ? null : check.Error;
                })
            : null;

        public SceneEvent? FindEvent(string keyOrAlias) => spec.ResolveEvent(keyOrAlias) is { } e
            ? new SceneEvent(e.Key, e.Alias, [.. e.Arguments.Select(piid => $"{e.Siid}.{piid}")])
            : null;

        public SceneActionSpec? FindAction(string keyOrAlias) => spec.ResolveAction(keyOrAlias) is { } a ? new SceneActionSpec(a.Key, a.Alias, a.In.Count) : null;
    }
}
