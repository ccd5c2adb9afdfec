using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Scenes.Engine;

namespace AIoT.Ecosystem.Devices;

/// <summary>The persisted twin of one device.</summary>
[GenerateSerializer]
public sealed class DeviceState
{
    [Id(0)]
    public string? Model { get; set; }

    [Id(1)]
    public string? HouseholdId { get; set; }

    [Id(2)]
    public string Room { get; set; } = "";

    [Id(3)]
    public string Name { get; set; } = "";

    [Id(4)]
    public bool Online { get; set; }

    [Id(5)]
    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>Values by "siid.piid".</summary>
    [Id(6)]
    public Dictionary<string, StoredValue> Values { get; set; } = [];

    /// <summary>What the household's scenes watch of this device; changes of anything else cost no call to the household.</summary>
    [Id(7)]
    public DeviceInterest? SceneInterest { get; set; }

    /// <summary>The live totals count this device as online; a twin stored before the totals existed is counted when it activates.</summary>
    [Id(8)]
    public bool CountedOnline { get; set; }
}

[GenerateSerializer]
public sealed class StoredValue
{
    [Id(0)]
    public PropertyValue Value { get; set; }

    [Id(1)]
    public DateTimeOffset ChangedAt { get; set; }
}
