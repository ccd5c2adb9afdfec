using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Ecosystem.Devices;

public sealed class DeviceState
{
    public string? Model { get; set; }

    public string? HouseholdId { get; set; }

    public string Room { get; set; } = "";

    public string Name { get; set; } = "";

    public bool Online { get; set; }

    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>Values by "siid.piid".</summary>
    public Dictionary<string, StoredValue> Values { get; set; } = [];
}

public sealed class StoredValue
{
    public PropertyValue Value { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
