using AIoT.Scenes.Model;
using static AIoT.Scenes.Templates.Phrases;

namespace AIoT.Scenes.Templates;

/// <summary>Scenes around each member's night, fitted to their bed and wake times.</summary>
internal static class SleepTemplates
{
    /// <summary>Falling asleep this long before the usual bed time counts as going to bed (a nap in the afternoon does not).</summary>
    public static readonly TimeSpan BeforeBedTime = TimeSpan.FromHours(1);

    public static readonly TimeSpan AfterBedTime = TimeSpan.FromHours(2);

    public static readonly TimeSpan WakeLead = TimeSpan.FromMinutes(10);

    public const int WakeBrightness = 25;

    public static readonly SceneTemplate SleepLightsAc = new(
        "sleep-lights-ac",
        "When you fall asleep: bedroom lights off, AC to sleep mode",
        "a member's Xiaomi Smart Band",
        FitSleepLightsAc);

    public static readonly SceneTemplate WakeUp = new(
        "wake-up",
        "A soft bedroom light before the first alarm on weekdays",
        "a member and a light in a bedroom",
        FitWakeUp);

    private static IEnumerable<FittedScene> FitSleepLightsAc(HouseholdProfile home)
    {
        foreach (var band in home.DevicesOf(DeviceModels.Band))
        {
            if (home.Owner(band) is not { } member)
            {
                continue;
            }

            var bedroom = band.Room.StartsWith("bedroom", StringComparison.OrdinalIgnoreCase)
                ? band.Room
                : home.BedroomOf(member) ?? home.Bedrooms().FirstOrDefault();
            var lights = bedroom is null ? [] : home.DevicesOf(DeviceModels.Light, bedroom).ToList();
            var acs = bedroom is null ? [] : home.DevicesOf(DeviceModels.AirConditioner, bedroom).ToList();
            var from = member.BedTime.Add(-BeforeBedTime);
            var until = member.BedTime.Add(AfterBedTime);
            var done = new List<string>();
            if (lights.Count > 0)
            {
                done.Add(The(lights.Count, $"{bedroom} light", "goes off"));
            }

            if (acs.Count > 0)
            {
                done.Add(The(acs.Count, $"{bedroom} AC", "goes to sleep mode"));
            }

            done.Add("the home goes to sleep mode");
            yield return Fitting.Scene(
                SleepLightsAc.Id,
                SceneIdParts.Make(SleepLightsAc.Id, SceneIdParts.Short(home, member.Id)),
                $"{member.Name} falls asleep",
                [new PropertyTrigger(band.Id, Aliases.SleepState) { From = SceneValue.Of(Aliases.Awake) }],
                new TimeCondition { After = DayTime.At(from), Before = DayTime.At(until) },
                [
                    .. Fitting.LightsOff(lights, otherActions: acs.Count + 1),
                    .. acs.Select(ac => Fitting.Set(ac, Aliases.AcSleepMode, SceneValue.Of(true))),
                    new ModeAction(HouseholdModes.Sleep),
                ],
                $"{member.Name} goes to bed about {Clock(member.BedTime)} and wears a band; when it sees them fall asleep between {Clock(from)} and {Clock(until)}, {List(done)}.");
        }
    }

    private static IEnumerable<FittedScene> FitWakeUp(HouseholdProfile home)
    {
        // The earliest riser whose bedroom is known (from a band worn to bed), so the light does not wake the wrong room;
        // when nobody's is known, the earliest riser and the first bedroom.
        var risers = home.Members.OrderBy(m => m.WakeTime).ToList();
        if (risers.Count == 0)
        {
            yield break;
        }

        var first = risers.FirstOrDefault(m => home.BedroomOf(m) is not null) ?? risers[0];
        var bedroom = home.BedroomOf(first) ?? home.Bedrooms().FirstOrDefault();
        var light = bedroom is null ? null : home.DevicesOf(DeviceModels.Light, bedroom).FirstOrDefault();
        if (light is null)
        {
            yield break;
        }

        var at = first.WakeTime.Add(-WakeLead);
        var others = home.Members.Count > 1 && first == risers[0] ? ", the earliest of you," : string.Empty;
        yield return Fitting.Scene(
            WakeUp.Id,
            SceneIdParts.Make(WakeUp.Id, bedroom!),
            $"Wake-up light in {bedroom}",
            [new TimeTrigger(DayTime.At(at)) { Days = DaySet.Weekdays }],
            new PresenceCondition(first.Id, PresenceTest.Home),
            [Fitting.Set(light, (Aliases.LightOn, SceneValue.Of(true)), (Aliases.LightBrightness, SceneValue.Of(WakeBrightness)))],
            $"{first.Name}{others} gets up about {Clock(first.WakeTime)}; at {Clock(at)} on weekdays, when they are home, the {bedroom} light comes on at {WakeBrightness}% to wake them gently.");
    }
}
