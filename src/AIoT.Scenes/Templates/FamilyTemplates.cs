using AIoT.Scenes.Model;
using AIoT.Scenes.Validation;
using static AIoT.Scenes.Templates.Phrases;

namespace AIoT.Scenes.Templates;

/// <summary>Scenes fitted to who lives in the home: young children, older members.</summary>
internal static class FamilyTemplates
{
    public const int ChildUnder = 12;

    public const int ElderAge = 65;

    /// <summary>Enough to see the way without being woken up by it, for an older member getting up at night.</summary>
    public const int ElderNightBrightness = 20;

    public const int NightBrightness = 100;

    public static readonly SceneTemplate ChildNightLight = new(
        "child-night-light",
        "A night light at a young child's bed time",
        "a member under 12 and a light in a bedroom",
        FitChildNightLight);

    public static readonly SceneTemplate NightMotionLight = new(
        "night-motion-light",
        "Motion at night turns the room's lights on",
        "a motion sensor and a light in its room",
        FitNightMotionLight);

    private static IEnumerable<FittedScene> FitChildNightLight(HouseholdProfile home)
    {
        var bedrooms = home.Bedrooms().ToList();
        foreach (var child in home.Members.Where(m => m.Age < ChildUnder))
        {
            // Without a device of their own to place them, a child is taken to sleep in the last bedroom (the first
            // is the parents' in the homes we generate); the reason says so, so a wrong guess is easy to see.
            var own = home.BedroomOf(child);
            var bedroom = own ?? bedrooms.LastOrDefault();
            if (bedroom is null || home.DevicesOf(DeviceModels.Light, bedroom).FirstOrDefault() is not { } light)
            {
                continue;
            }

            var where = own is null ? $"{bedroom} (we guessed their room: change it if they sleep elsewhere)" : bedroom;
            yield return Fitting.Scene(
                ChildNightLight.Id,
                SceneIdParts.Make(ChildNightLight.Id, SceneIdParts.Short(home, child.Id)),
                $"Night light for {child.Name}",
                [new TimeTrigger(DayTime.At(child.BedTime))],
                new PresenceCondition(child.Id, PresenceTest.Home),
                [Fitting.Set(light, (Aliases.LightOn, SceneValue.Of(true)), (Aliases.LightMode, SceneValue.Of(Aliases.LightModeNight)))],
                $"{child.Name} is {child.Age} and goes to bed about {Clock(child.BedTime)}; then the light in {where} turns to night mode.");
        }
    }

    private static IEnumerable<FittedScene> FitNightMotionLight(HouseholdProfile home)
    {
        if (home.Members.Count == 0)
        {
            yield break;
        }

        var elder = home.Members.Where(m => m.Age >= ElderAge).OrderByDescending(m => m.Age).FirstOrDefault();
        var brightness = elder is null ? NightBrightness : ElderNightBrightness;
        var after = home.LastToBed()!.BedTime;
        var before = home.Members.Min(m => m.WakeTime);
        foreach (var sensor in home.DevicesOf(DeviceModels.MotionSensor))
        {
            var lights = home.DevicesOf(DeviceModels.Light, sensor.Room).ToList();
            if (lights.Count == 0)
            {
                continue;
            }

            var place = home.Place(sensor);
            var lightsOn = The(lights.Count, $"{sensor.Room} light", "comes on");
            var why = elder is null
                ? $"After {Clock(after)}, when the last of you is in bed, and before {Clock(before)}, motion in the {place} means {lightsOn}"
                : $"{elder.Name} is {elder.Age}: between {Clock(after)} and {Clock(before)}, motion in the {place} means {lightsOn} at {ElderNightBrightness}% rather than full, enough to see by without glare";
            yield return Fitting.Scene(
                NightMotionLight.Id,
                SceneIdParts.Make(NightMotionLight.Id, place),
                $"Night light on motion in the {sensor.Room}",
                [new EventTrigger(sensor.Id, Aliases.MotionDetected)],
                new TimeCondition { After = DayTime.At(after), Before = DayTime.At(before) },
                [.. lights.Take(SceneValidator.MaxActions).Select(light => Fitting.Set(light, (Aliases.LightOn, SceneValue.Of(true)), (Aliases.LightBrightness, SceneValue.Of(brightness))))],
                $"{why}.",
                cooldown: TimeSpan.FromMinutes(1));
        }
    }
}
