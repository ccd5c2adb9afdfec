using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Index;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;
using AIoT.Host.Web;

namespace AIoT.Host.Web.Ecosystem;

/// <summary>GET /api/households, /api/people, /api/vehicles, /api/twins: a page of the index in id order.</summary>
public sealed record IndexListPage<T>(IReadOnlyList<T> Items, string? Next, long Count);

/// <summary>An index entry as listed and searched.</summary>
public sealed record IndexItem(string Kind, string Id, string Name, string? HouseholdId, string? Detail, string? Room)
{
    internal static IndexItem Of(IndexEntry entry) =>
        new(entry.Kind.ToString().ToLowerInvariant(), entry.Id, entry.Name, entry.HouseholdId, entry.Detail, entry.Room);
}

/// <summary>A household as listed: its index entry and its summary.</summary>
public sealed record HouseholdListing(string Id, string Name, string? City, string Mode, int Devices, int DevicesOnline, int Members, int Vehicles, int OpenAlerts);

/// <summary>GET /api/households/{id}: everything its page shows.</summary>
public sealed record HouseholdView(
    string Id,
    string Name,
    string? City,
    string Mode,
    DateTimeOffset? ModeChangedAt,
    GeoPoint? Home,
    IReadOnlyList<RoomView> Rooms,
    IReadOnlyList<PersonSnapshot> People,
    IReadOnlyList<VehicleSnapshot> Vehicles,
    IReadOnlyList<HouseholdAlert> Alerts,
    IReadOnlyList<SceneFiringView> Firings,
    int DevicesNotShown);

public sealed record RoomView(string Name, IReadOnlyList<DeviceTwin> Devices);

/// <summary>GET /api/search: what has the id, or an id starting with the text.</summary>
public sealed record SearchResult(string Query, IReadOnlyList<IndexItem> Matches);

/// <summary>GET /api/devices/{id}/history: recent changes, oldest first.</summary>
public sealed record PropertyHistoryView(string DeviceId, string? Key, IReadOnlyList<TwinProperty> Changes);

/// <summary>A scene firing with its household: GET /api/overview/firings and the overview stream's "firing" events.</summary>
public sealed record FiringView(string HouseholdId, SceneFiringView Firing)
{
    internal static FiringView Of(AIoT.Ecosystem.Households.Scenes.HouseholdFiring fired) => new(fired.HouseholdId, SceneFiringView.Of(fired.Firing));
}
