using AIoT.Ecosystem.People;
using AIoT.Scenes.Templates;

namespace AIoT.Ecosystem.Households.Scenes;

/// <summary>A household as the scene templates see it: its city, rooms, devices with owners, members with ages and routines.</summary>
internal static class HouseholdProfiles
{
    /// <summary>A member whose routine nobody recorded gets an office worker's day.</summary>
    private static readonly PersonProfile Typical = new(35, TimeSpan.FromHours(8), TimeSpan.FromHours(18), TimeSpan.FromHours(23), TimeSpan.FromHours(7));

    public static async Task<HouseholdProfile> BuildAsync(string householdId, HouseholdState household, IGrainFactory grains)
    {
        var members = new List<ProfileMember>();
        foreach (var personId in household.Members)
        {
            var person = await grains.GetGrain<IPersonGrain>(personId).GetSnapshot();
            var profile = person.Profile ?? Typical;
            members.Add(new ProfileMember(
                personId,
                person.Name,
                profile.Age,
                TimeOnly.FromTimeSpan(profile.LeaveHomeAt),
                TimeOnly.FromTimeSpan(profile.LeaveWorkAt),
                TimeOnly.FromTimeSpan(profile.BedTime),
                TimeOnly.FromTimeSpan(profile.WakeTime),
                profile.DrivesVehicleId is { } car && household.Vehicles.Contains(car) ? car : null));
        }

        return new HouseholdProfile(
            householdId,
            household.City ?? "",
            [.. household.Rooms],
            [.. household.Devices.Select(d => new ProfileDevice(d.Key, d.Value.Model, d.Value.Room, d.Value.Name ?? d.Key, d.Value.OwnerId))],
            members,
            [.. household.Vehicles]);
    }
}
