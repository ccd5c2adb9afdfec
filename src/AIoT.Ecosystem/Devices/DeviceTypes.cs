using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Ecosystem.Devices;

[GenerateSerializer, Immutable]
public sealed record DeviceRegistration(string Model, string? HouseholdId, string Room, string Name);

/// <summary>A property to set or report, by "siid.piid" or alias.</summary>
[GenerateSerializer, Immutable]
public sealed record PropertyWrite(string Key, PropertyValue Value);

/// <summary>One property's outcome, MIoT style: code 0 and the value, or an error code and why.</summary>
[GenerateSerializer, Immutable]
public sealed record PropertyResult(string Key, int Code, PropertyValue? Value, string? Error)
{
    public bool IsOk => Code == MiotCodes.Ok;
}

[GenerateSerializer, Immutable]
public sealed record ActionResult(string Key, int Code, IReadOnlyList<PropertyValue> Out, string? Error)
{
    public bool IsOk => Code is MiotCodes.Ok or MiotCodes.Accepted;
}

[GenerateSerializer, Immutable]
public sealed record TwinProperty(string Key, string Alias, PropertyValue Value, DateTimeOffset ChangedAt);

/// <summary>The digital twin as readers see it.</summary>
[GenerateSerializer, Immutable]
public sealed record DeviceTwin(
    string DeviceId,
    string Model,
    string Type,
    string? HouseholdId,
    string Room,
    string Name,
    bool Online,
    DateTimeOffset? LastSeen,
    IReadOnlyList<TwinProperty> Properties)
{
    public PropertyValue? this[string aliasOrKey] => Properties.FirstOrDefault(p => p.Key == aliasOrKey || p.Alias == aliasOrKey)?.Value;
}

[GenerateSerializer, Immutable]
public sealed record DeviceEventRecord(string DeviceId, string Key, string Alias, IReadOnlyList<PropertyValue> Arguments, DateTimeOffset At);

/// <summary>Who changed the twin: the device itself, or a command (user, scene, API, dashboard) that the device must carry out.</summary>
[GenerateSerializer]
public enum ChangeSource
{
    Device,
    Command,
}
