namespace AIoT.Scenes.Templates;

/// <summary>The catalogue of scene templates, in the order suggestions are listed: the six first, then those fitted to a home's people and routine.</summary>
public static class SceneTemplates
{
    public static readonly IReadOnlyList<SceneTemplate> All =
    [
        CarTemplates.OwnerLeavesCar,
        CarTemplates.CarNearHomeCool,
        AirTemplates.Pm25Purifier,
        SleepTemplates.SleepLightsAc,
        SafetyTemplates.FingerprintDisarm,
        SafetyTemplates.LeakValve,
        RoutineTemplates.CommuteLights,
        RoutineTemplates.WelcomeHome,
        SleepTemplates.WakeUp,
        FamilyTemplates.ChildNightLight,
        FamilyTemplates.NightMotionLight,
        AirTemplates.HumidDry,
        RoutineTemplates.CurtainsSun,
        RoutineTemplates.EveryoneAway,
    ];

    public static SceneTemplate? Find(string templateId) => All.FirstOrDefault(t => t.Id == templateId);
}
