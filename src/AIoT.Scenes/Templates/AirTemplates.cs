using AIoT.Scenes.Model;
using static AIoT.Scenes.Templates.Phrases;

namespace AIoT.Scenes.Templates;

/// <summary>Scenes for the air indoors, fitted to the city's air and damp.</summary>
internal static class AirTemplates
{
    /// <summary>Long enough that a puff of cooking smoke or a door opening does not start the purifier.</summary>
    public static readonly TimeSpan Pm25Hold = TimeSpan.FromMinutes(2);

    public static readonly TimeSpan HumidHold = TimeSpan.FromMinutes(10);

    public static readonly SceneTemplate Pm25Purifier = new(
        "pm25-purifier",
        "Start the purifier when PM2.5 is high",
        "an air purifier",
        FitPm25Purifier);

    public static readonly SceneTemplate HumidDry = new(
        "humid-dry",
        "Dry a damp room in a humid city",
        "a humid city and a temperature and humidity sensor",
        FitHumidDry);

    private static IEnumerable<FittedScene> FitPm25Purifier(HouseholdProfile home)
    {
        var threshold = home.Climate.Pm25Threshold;
        foreach (var purifier in home.DevicesOf(DeviceModels.Purifier))
        {
            var place = home.Place(purifier);
            yield return Fitting.Scene(
                Pm25Purifier.Id,
                SceneIdParts.Make(Pm25Purifier.Id, place),
                $"Purify the {purifier.Room} air when PM2.5 passes {Number(threshold)}",
                [new PropertyTrigger(purifier.Id, Aliases.Pm25) { Above = threshold, For = Pm25Hold }],
                null,
                [Fitting.Set(purifier, (Aliases.PurifierOn, SceneValue.Of(true)), (Aliases.PurifierMode, SceneValue.Of(Aliases.PurifierModeAuto)))],
                $"{home.Climate.AirNote}; your {place} purifier starts in auto when it reads above {Number(threshold)} µg/m³ for {Minutes(Pm25Hold)}.");
        }
    }

    private static IEnumerable<FittedScene> FitHumidDry(HouseholdProfile home)
    {
        if (!home.Climate.Humid)
        {
            yield break;
        }

        foreach (var sensor in home.DevicesOf(DeviceModels.TemperatureHumiditySensor))
        {
            var place = home.Place(sensor);
            var ac = home.DevicesOf(DeviceModels.AirConditioner, sensor.Room).FirstOrDefault();
            SceneAction action = ac is null
                ? new NotifyAction($"The {sensor.Room} has been above {Number(CityClimate.HumidPercent)}% humidity for {Minutes(HumidHold)}: air it or run a dehumidifier.")
                : Fitting.Set(ac, (Aliases.AcOn, SceneValue.Of(true)), (Aliases.AcMode, SceneValue.Of(Aliases.AcModeDry)));
            var what = ac is null ? "you are told to air it" : $"the {sensor.Room} AC runs in dry mode";
            yield return Fitting.Scene(
                HumidDry.Id,
                SceneIdParts.Make(HumidDry.Id, place),
                $"Dry the {sensor.Room} when it is damp",
                [new PropertyTrigger(sensor.Id, Aliases.RelativeHumidity) { Above = CityClimate.HumidPercent, For = HumidHold }],
                null,
                [action],
                $"{home.Climate.City} is humid and damp rooms grow mould; when the {place} stays above {Number(CityClimate.HumidPercent)}% humidity for {Minutes(HumidHold)}, {what}.");
        }
    }
}
