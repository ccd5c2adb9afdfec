using AIoT.Ecosystem.Index;

namespace AIoT.Ecosystem.Households;

/// <summary>The household writes the index entries of itself, its members, cars and devices: every way they are added passes here.</summary>
public sealed partial class HouseholdGrain
{
    private const string VehicleModel = "su7";

    private Task IndexAsync(params IReadOnlyList<IndexEntry> entries) =>
        _index is null || entries.Count == 0 ? Task.CompletedTask : _index.UpsertAsync(entries);

    /// <summary>A household stored before the index existed is indexed, with all it holds, when it next activates.</summary>
    private async Task IndexIfNotYetAsync()
    {
        if (_index is null || State.Indexed || State.Home is null)
        {
            return;
        }

        List<IndexEntry> entries = [HouseholdEntry()];
        foreach (var personId in State.Members)
        {
            var person = await GrainFactory.GetGrain<People.IPersonGrain>(personId).GetSnapshot();
            entries.Add(MemberEntry(personId, person.Name));
        }

        entries.AddRange(State.Vehicles.Select(VehicleEntry));
        entries.AddRange(State.Devices.Select(d => DeviceEntry(d.Key, d.Value.Model, d.Value.Room, d.Value.Name)));
        await _index.UpsertAsync(entries);
        State.Indexed = true;
        await HouseholdWrites.WriteAsync();
    }

    private IndexEntry HouseholdEntry() => new(IndexKind.Household, HouseholdId, State.Name, HouseholdId, State.City);

    private IndexEntry MemberEntry(string personId, string name) => new(IndexKind.Person, personId, name, HouseholdId);

    private IndexEntry VehicleEntry(string vehicleId) => new(IndexKind.Vehicle, vehicleId, vehicleId, HouseholdId, VehicleModel);

    private IndexEntry DeviceEntry(string deviceId, string model, string room, string? name) => new(IndexKind.Device, deviceId, name ?? deviceId, HouseholdId, model, room);
}
