using AIoT.Scenes.Model;
using static AIoT.Scenes.Templates.Phrases;

namespace AIoT.Scenes.Templates;

/// <summary>Scenes that join the SU7 to the home.</summary>
internal static class CarTemplates
{
    public const double NearHomeKm = 2.0;

    /// <summary>China's recommended summer setting (the State Council's 2007 notice: air conditioning no lower than 26 °C).</summary>
    public const double CoolTargetCelsius = 26;

    /// <summary>A degree warmer when someone of 65 or over lives there: older people feel a cold draught more.</summary>
    public const double CoolTargetCelsiusWithElder = 27;

    public static readonly SceneTemplate OwnerLeavesCar = new(
        "owner-leaves-car",
        "Arm the home when the driver leaves the car and nobody is home",
        "a member who drives one of the home's SU7s",
        FitOwnerLeavesCar);

    public static readonly SceneTemplate CarNearHomeCool = new(
        "car-near-home-cool",
        "Cool the living room as the SU7 nears home on a hot day",
        "an SU7 and an air conditioner in the living room",
        FitCarNearHomeCool);

    private static IEnumerable<FittedScene> FitOwnerLeavesCar(HouseholdProfile home)
    {
        var lights = home.DevicesOf(DeviceModels.Light).ToList();
        foreach (var member in home.Members)
        {
            if (home.VehicleOf(member) is not { } vehicle)
            {
                continue;
            }

            var lightsOff = Fitting.LightsOff(lights, otherActions: 2).ToList();
            var what = lightsOff.Count switch
            {
                0 => "the home is armed",
                1 => "the home is armed, the light goes off",
                _ => $"the home is armed, all {lightsOff.Count} lights go off",
            };
            yield return Fitting.Scene(
                OwnerLeavesCar.Id,
                SceneIdParts.Make(OwnerLeavesCar.Id, SceneIdParts.Short(home, member.Id)),
                $"{member.Name} leaves the car: arm the home",
                [new PresenceTrigger(member.Id) { From = Whereabouts.InVehicle, To = Whereabouts.Away }],
                Fitting.NobodyHome,
                [new ModeAction(HouseholdModes.Armed), .. lightsOff, new NotifyAction($"{member.Name} left the car away from home and nobody is home: the home is armed.")],
                $"{member.Name} drives the SU7 {SceneIdParts.Short(home, vehicle)}; when they leave it away from home while nobody is home, {what} and everyone is told.");
        }
    }

    private static IEnumerable<FittedScene> FitCarNearHomeCool(HouseholdProfile home)
    {
        if (home.DevicesOf(DeviceModels.AirConditioner, "living-room").FirstOrDefault() is not { } ac)
        {
            yield break;
        }

        var elder = home.Members.FirstOrDefault(m => m.Age >= FamilyTemplates.ElderAge);
        var target = elder is null ? CoolTargetCelsius : CoolTargetCelsiusWithElder;
        var hot = home.Climate.HotDayCelsius;
        foreach (var vehicle in home.Vehicles)
        {
            var driver = home.Members.FirstOrDefault(m => m.VehicleId == vehicle);
            var car = SceneIdParts.Short(home, vehicle);
            var targetWhy = elder is null ? $"{Number(target)} °C, China's recommended summer setting" : $"{Number(target)} °C, a degree gentler for {elder.Name}";
            yield return Fitting.Scene(
                CarNearHomeCool.Id,
                SceneIdParts.Make(CarNearHomeCool.Id, car),
                $"Cool the living room as the SU7 {car} nears home",
                [new VehicleTrigger(vehicle, GeofenceEdge.Arriving, NearHomeKm)],
                new PropertyCondition(ac.Id, Aliases.AcTemperature, Comparison.AtLeast, SceneValue.Of(hot)),
                [Fitting.Set(ac,
                    (Aliases.AcOn, SceneValue.Of(true)),
                    (Aliases.AcMode, SceneValue.Of(Aliases.AcModeCool)),
                    (Aliases.AcTargetTemperature, SceneValue.Of(target)))],
                $"{home.Climate.HeatNote}; when {(driver is null ? $"the SU7 {car}" : $"{driver.Name}'s SU7")} comes within {Number(NearHomeKm)} km of home and the living room is at {Number(hot)} °C or more, its AC starts cooling to {targetWhy}.",
                cooldown: TimeSpan.FromMinutes(30));
        }
    }
}
