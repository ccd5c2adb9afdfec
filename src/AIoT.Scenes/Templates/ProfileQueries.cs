namespace AIoT.Scenes.Templates;

/// <summary>What the templates ask of a home.</summary>
internal static class ProfileQueries
{
    public static IEnumerable<ProfileDevice> DevicesOf(this HouseholdProfile home, string model) =>
        home.Devices.Where(d => string.Equals(d.Model, model, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<ProfileDevice> DevicesOf(this HouseholdProfile home, string model, string room) =>
        home.DevicesOf(model).Where(d => string.Equals(d.Room, room, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> Bedrooms(this HouseholdProfile home) =>
        home.Rooms.Where(r => r.StartsWith("bedroom", StringComparison.OrdinalIgnoreCase));

    /// <summary>The bedroom of a member's own device (a band worn to bed), if any of them is in one.</summary>
    public static string? BedroomOf(this HouseholdProfile home, ProfileMember member) =>
        home.Devices.Where(d => d.OwnerId == member.Id)
            .Select(d => d.Room)
            .FirstOrDefault(room => room.StartsWith("bedroom", StringComparison.OrdinalIgnoreCase));

    /// <summary>The member who goes to bed last, on a clock that runs past midnight (00:30 is later than 23:00).</summary>
    public static ProfileMember? LastToBed(this HouseholdProfile home) =>
        home.Members.MaxBy(m => m.BedTime.Hour < 12 ? m.BedTime.ToTimeSpan() + TimeSpan.FromDays(1) : m.BedTime.ToTimeSpan());

    public static ProfileMember? Owner(this HouseholdProfile home, ProfileDevice device) =>
        device.OwnerId is { } owner ? home.Members.FirstOrDefault(m => m.Id == owner) : null;

    /// <summary>The vehicle a member drives, when it is one of the home's.</summary>
    public static string? VehicleOf(this HouseholdProfile home, ProfileMember member) =>
        member.VehicleId is { } vehicle && home.Vehicles.Contains(vehicle) ? vehicle : null;

    /// <summary>A device's place for a scene id and a reason: its room, and its own id when the room has two of its kind.</summary>
    public static string Place(this HouseholdProfile home, ProfileDevice device) =>
        home.DevicesOf(device.Model, device.Room).Skip(1).Any() ? $"{device.Room}-{SceneIdParts.Short(home, device.Id)}" : device.Room;
}
