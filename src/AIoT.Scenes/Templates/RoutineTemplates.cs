using AIoT.Scenes.Model;
using static AIoT.Scenes.Templates.ProfileQueries;

namespace AIoT.Scenes.Templates;

/// <summary>Scenes fitted to the household's day: leaving, coming home, the sun.</summary>
internal static class RoutineTemplates
{
    /// <summary>Long enough after the usual time to have left, short enough that lights are not on all morning.</summary>
    public static readonly TimeSpan AfterLeaving = TimeSpan.FromMinutes(5);

    public static readonly SceneTemplate CommuteLights = new(
        "commute-lights",
        "Lights off after you leave for work, if nobody else is home",
        "a member and lights",
        FitCommuteLights);

    public static readonly SceneTemplate WelcomeHome = new(
        "welcome-home",
        "The living-room light comes on when someone gets home after dark",
        "a member and a light in the living room",
        FitWelcomeHome);

    public static readonly SceneTemplate EveryoneAway = new(
        "everyone-away",
        "Away mode when the last one leaves",
        "a member",
        FitEveryoneAway);

    public static readonly SceneTemplate CurtainsSun = new(
        "curtains-sun",
        "Curtains open in the morning and close at sunset",
        "a curtain motor",
        FitCurtainsSun);

    private static IEnumerable<FittedScene> FitCommuteLights(HouseholdProfile home)
    {
        var lights = home.DevicesOf(DeviceModels.Light).ToList();
        if (lights.Count == 0)
        {
            yield break;
        }

        foreach (var member in home.Members)
        {
            var at = member.LeaveHomeAt.Add(AfterLeaving);
            var others = home.Members.Count > 1 ? "nobody else is home" : "you are out";
            yield return Fitting.Scene(
                CommuteLights.Id,
                SceneIdParts.Make(CommuteLights.Id, SceneIdParts.Short(home, member.Id)),
                $"Lights off after {member.Name} leaves",
                [new TimeTrigger(DayTime.At(at)) { Days = DaySet.Weekdays }],
                Fitting.NobodyHome,
                [.. Fitting.LightsOff(lights)],
                $"{member.Name} leaves for work about {Clock(member.LeaveHomeAt)} on weekdays; at {Clock(at)}, if {others}, the {Count(lights.Count, "light")} go off.");
        }
    }

    private static IEnumerable<FittedScene> FitWelcomeHome(HouseholdProfile home)
    {
        if (home.Members.Count == 0 || home.DevicesOf(DeviceModels.Light, "living-room").FirstOrDefault() is not { } light)
        {
            yield break;
        }

        var lastToBed = home.LastToBed()!;
        var leaving = home.Members.Select(m => m.LeaveWorkAt).Order().ToList();
        var when = leaving[0] == leaving[^1] ? $"about {Clock(leaving[0])}" : $"between {Clock(leaving[0])} and {Clock(leaving[^1])}";
        yield return Fitting.Scene(
            WelcomeHome.Id,
            WelcomeHome.Id,
            "Welcome home after dark",
            [new PresenceTrigger(PresenceTrigger.AnyPerson) { To = Whereabouts.Home }],
            new TimeCondition { After = DayTime.Sunset(TimeSpan.Zero), Before = DayTime.At(lastToBed.BedTime) },
            [Fitting.Set(light, Aliases.LightOn, SceneValue.Of(true))],
            $"You leave work {when}, after dark for much of the year; when someone gets home after sunset and before {Clock(lastToBed.BedTime)} ({(home.Members.Count > 1 ? "when the last of you goes to bed" : "your bed time")}), the living-room light comes on.");
    }

    private static IEnumerable<FittedScene> FitEveryoneAway(HouseholdProfile home)
    {
        if (home.Members.Count == 0)
        {
            yield break;
        }

        var lights = home.DevicesOf(DeviceModels.Light).ToList();
        var acs = home.DevicesOf(DeviceModels.AirConditioner).ToList();
        var done = new List<string> { "the home goes to away mode" };
        if (lights.Count > 0)
        {
            done.Add($"the {Count(lights.Count, "light")} go off");
        }

        if (acs.Count > 0)
        {
            done.Add($"the {Count(acs.Count, "AC")} stop");
        }

        yield return Fitting.Scene(
            EveryoneAway.Id,
            EveryoneAway.Id,
            home.Members.Count > 1 ? "The last one out" : "Out of the door",
            [new PresenceTrigger(PresenceTrigger.AnyPerson) { From = Whereabouts.Home }],
            new AllCondition([Fitting.NobodyHome, new ModeCondition([HouseholdModes.Home])]),
            [
                new ModeAction(HouseholdModes.Away),
                .. Fitting.LightsOff(lights, otherActions: 1 + acs.Count),
                .. Fitting.Off(acs, Aliases.AcOn, otherActions: 1 + lights.Count),
            ],
            $"{(home.Members.Count > 1 ? $"When the last of your {home.Members.Count} leaves" : "When you leave")} and the home is in home mode, {string.Join(", ", done)}; an armed or sleeping home is left as it is.");
    }

    private static IEnumerable<FittedScene> FitCurtainsSun(HouseholdProfile home)
    {
        var curtains = home.DevicesOf(DeviceModels.Curtain).ToList();
        if (curtains.Count == 0)
        {
            yield break;
        }

        SceneAction[] Move(int motor) => [.. curtains.Select(c => Fitting.Set(c, Aliases.CurtainMotor, SceneValue.Of(motor)))];
        var which = curtains.Count == 1 ? $"the {curtains[0].Name}" : $"the {curtains.Count} curtains";
        if (home.Members.Count == 0)
        {
            yield return Fitting.Scene(
                CurtainsSun.Id, SceneIdParts.Make(CurtainsSun.Id, "open"), "Curtains open at sunrise",
                [new TimeTrigger(DayTime.Sunrise(TimeSpan.Zero))], null, Move(Aliases.CurtainOpen),
                $"At sunrise {which} open.");
        }
        else
        {
            // Opens at the later of sunrise and the first wake time: the trigger that comes second finds both conditions true.
            var wake = home.Members.Min(m => m.WakeTime);
            yield return Fitting.Scene(
                CurtainsSun.Id, SceneIdParts.Make(CurtainsSun.Id, "open"), "Curtains open in the morning",
                [new TimeTrigger(DayTime.Sunrise(TimeSpan.Zero)), new TimeTrigger(DayTime.At(wake))],
                new AllCondition([
                    new TimeCondition { After = DayTime.Sunrise(TimeSpan.Zero), Before = DayTime.At(new TimeOnly(12, 0)) },
                    new TimeCondition { After = DayTime.At(wake), Before = DayTime.At(new TimeOnly(12, 0)) },
                ]),
                Move(Aliases.CurtainOpen),
                $"The first of you is up about {Clock(wake)}; {which} open then, or at sunrise when the sun is up later, so nobody is woken early by the light.");
        }

        yield return Fitting.Scene(
            CurtainsSun.Id, SceneIdParts.Make(CurtainsSun.Id, "close"), "Curtains close at sunset",
            [new TimeTrigger(DayTime.Sunset(TimeSpan.Zero))], null, Move(Aliases.CurtainClose),
            $"At sunset {which} close, for privacy and to keep the warmth in.");
    }
}
