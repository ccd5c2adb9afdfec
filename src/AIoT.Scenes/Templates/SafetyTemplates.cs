using AIoT.Scenes.Model;
using static AIoT.Scenes.Templates.Phrases;

namespace AIoT.Scenes.Templates;

/// <summary>Scenes that keep the home safe: disarming for a known finger, shutting the water on a leak.</summary>
internal static class SafetyTemplates
{
    public static readonly SceneTemplate FingerprintDisarm = new(
        "fingerprint-disarm",
        "A fingerprint at the door disarms the home",
        "a smart door lock",
        FitFingerprintDisarm);

    public static readonly SceneTemplate LeakValve = new(
        "leak-valve",
        "A water leak shuts the water and tells everyone",
        "a water leak sensor (a valve to close is used when there is one)",
        FitLeakValve);

    private static IEnumerable<FittedScene> FitFingerprintDisarm(HouseholdProfile home)
    {
        foreach (var doorLock in home.DevicesOf(DeviceModels.Lock))
        {
            var place = home.Place(doorLock);
            yield return Fitting.Scene(
                FingerprintDisarm.Id,
                SceneIdParts.Make(FingerprintDisarm.Id, place),
                $"A fingerprint on the {doorLock.Name} disarms the home",
                [new EventTrigger(doorLock.Id, Aliases.LockUnlocked)
                {
                    Arguments = [new ArgumentMatch(Aliases.LockMethod, SceneValue.Of(Aliases.LockMethodFingerprint))],
                }],
                new ModeCondition([HouseholdModes.Armed]),
                [new ModeAction(HouseholdModes.Home), new NotifyAction($"{doorLock.Name} was opened with a fingerprint: the home is disarmed.")],
                $"Only an enrolled finger opens your {doorLock.Name} by fingerprint, so when it does while the home is armed, the home goes back to home mode and everyone is told.");
        }
    }

    private static IEnumerable<FittedScene> FitLeakValve(HouseholdProfile home)
    {
        var valves = home.DevicesOf(DeviceModels.Valve).ToList();
        foreach (var sensor in home.DevicesOf(DeviceModels.LeakSensor))
        {
            var place = home.Place(sensor);
            var what = valves.Count switch
            {
                0 => "everyone is told (add a water valve and it will close too)",
                1 => $"the {valves[0].Name} closes and everyone is told",
                _ => $"the {Count(valves.Count, "water valve")} close and everyone is told",
            };
            yield return Fitting.Scene(
                LeakValve.Id,
                SceneIdParts.Make(LeakValve.Id, place),
                $"Water leak in the {sensor.Room}",
                [new EventTrigger(sensor.Id, Aliases.LeakDetected)],
                null,
                [
                    .. Fitting.Off(valves, Aliases.ValveOn, otherActions: 1),
                    new NotifyAction(valves.Count > 0
                        ? $"Water leak in the {sensor.Room}: the water is shut off."
                        : $"Water leak in the {sensor.Room}: turn off the water."),
                ],
                $"A leak in the {place} can flood the floor below within minutes; when the sensor there feels water, {what}.",
                cooldown: TimeSpan.FromMinutes(5));
        }
    }
}
