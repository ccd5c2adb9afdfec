using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;

namespace AIoT.Gateway.Contract;

/// <summary>aiot/{id}/event: {"event": "5.1" or alias, "args": [values]}.</summary>
public sealed record EventReport(string Event, IReadOnlyList<PropertyValue> Arguments);

/// <summary>aiot/{id}/set/reply: {"id": n, "code": c} for all, or {"id": n, "results": {"2.1": c, ...}} per property.</summary>
public sealed record SetReply(long Id, int? Code, IReadOnlyDictionary<string, int> Results);

/// <summary>aiot/{id}/action/reply: {"id": n, "code": c, "out": [values]}.</summary>
public sealed record ActionReply(long Id, int Code, IReadOnlyList<PropertyValue> Out);

/// <summary>aiot/{id}/set: {"id": n, "set": {"2.1": value, ...}}.</summary>
public sealed record SetCommand(long Id, IReadOnlyList<PropertyWrite> Writes);

/// <summary>aiot/{id}/action: {"id": n, "action": "5.1", "in": [values]}.</summary>
public sealed record ActionCommand(long Id, string Action, IReadOnlyList<PropertyValue> Inputs);

/// <summary>aiot/{id}/error: what the platform refused from the device.</summary>
public sealed record RefusedItem(string? Key, int Code, string Message);
