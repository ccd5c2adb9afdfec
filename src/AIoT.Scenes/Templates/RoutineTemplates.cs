using AIoT.Scenes.Model;
using AIoT.Scenes.Validation;
using static AIoT.Scenes.Templates.Phrases;

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
        if (lights.Count == 0 || home.Members.Count == 0)
        {
            yield break;
        }

        // One scene with a time for each member: whoever leaves last, the lights go off after them.
        var leaving = home.Members.OrderBy(m => m.LeaveHomeAt).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        var times = leaving.Select(m => m.LeaveHomeAt.Add(AfterLeaving)).Distinct().Take(SceneValidator.MaxTriggers).ToList();
        var who = home.Members.Count == 1
            ? $"You leave home about {Clock(leaving[0].LeaveHomeAt)} on weekdays"
            : $"On weekdays you leave home at {List([.. leaving.Select(m => $"{Clock(m.LeaveHomeAt)} ({m.Name})")])}";
        yield return Fitting.Scene(
            CommuteLights.Id,
            CommuteLights.Id,
            "Lights off once you have left",
            [.. times.Select(at => new TimeTrigger(DayTime.At(at)) { Days = DaySet.Weekdays })],
            Fitting.NobodyHome,
            [.. Fitting.LightsOff(lights)],
            $"{who}; {Minutes(AfterLeaving)} {(times.Count == 1 ? "later" : "after each")}, if nobody is home, {The(lights.Count, "light", "goes off")}.");
    }

    private static IEnumerable<FittedScene> FitWelcomeHome(HouseholdProfile home)
    {
        if (home.Members.Count == 0 || home.DevicesOf(DeviceModels.Light, "living-room").FirstOrDefault() is not { } light)
        {
            yield break;
        }

        var lastToBed = home.LastToBed()!;
        var lastFromWork = home.Members.MaxBy(m => m.LeaveWorkAt)!;
        var who = home.Members.Count == 1 ? "You leave" : $"The last of you, {lastFromWork.Name}, leaves";
        yield return Fitting.Scene(
            WelcomeHome.Id,
            WelcomeHome.Id,
            "Welcome home after dark",
            [new PresenceTrigger(PresenceTrigger.AnyPerson) { To = Whereabouts.Home }],
            new TimeCondition { After = DayTime.Sunset(TimeSpan.Zero), Before = DayTime.At(lastToBed.BedTime) },
            [Fitting.Set(light, Aliases.LightOn, SceneValue.Of(true))],
            $"{who} work about {Clock(lastFromWork.LeaveWorkAt)}, after dark in winter; when {(home.Members.Count == 1 ? "you get" : "anyone gets")} home after sunset and before {Clock(lastToBed.BedTime)} ({(home.Members.Count > 1 ? "when the last of you goes to bed" : "your bed time")}), the living-room light comes on.");
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
            done.Add(The(lights.Count, "light", "goes off"));
        }

        if (acs.Count > 0)
        {
            done.Add(The(acs.Count, "AC", "stops"));
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
            $"{(home.Members.Count > 1 ? $"When the last of your {home.Members.Count} leaves" : "When you leave")} and the home is in home mode, {List(done)}; an armed or sleeping home is left as it is.");
    }

    private static IEnumerable<FittedScene> FitCurtainsSun(HouseholdProfile home)
    {
        var curtains = home.DevicesOf(DeviceModels.Curtain).ToList();
        if (curtains.Count == 0)
        {
            yield break;
        }

        SceneAction[] Move(int motor) => [.. curtains.Select(c => Fitting.Set(c, Aliases.CurtainMotor, SceneValue.Of(motor)))];
        string Curtains(string verb) => curtains.Count == 1 ? $"the {curtains[0].Name.ToLowerInvariant()} {verb}s" : $"the {curtains.Count} curtains {verb}";
        if (home.Members.Count == 0)
        {
            yield return Fitting.Scene(
                CurtainsSun.Id, SceneIdParts.Make(CurtainsSun.Id, "open"), "Curtains open at sunrise",
                [new TimeTrigger(DayTime.Sunrise(TimeSpan.Zero))], null, Move(Aliases.CurtainOpen),
                $"At sunrise {Curtains("open")}.");
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
                $"{(home.Members.Count == 1 ? "You are" : "The first of you is")} up about {Clock(wake)}; {Curtains("open")} then, or at sunrise when the sun is up later, so nobody is woken early by the light.");
        }

        yield return Fitting.Scene(
            CurtainsSun.Id, SceneIdParts.Make(CurtainsSun.Id, "close"), "Curtains close at sunset",
            [new TimeTrigger(DayTime.Sunset(TimeSpan.Zero))], null, Move(Aliases.CurtainClose),
            $"At sunset {Curtains("close")}, for privacy and to keep the warmth in.");
    }
}
