namespace AIoT.Ecosystem.People;

[GenerateSerializer]
public enum PersonLocation
{
    Home,
    Away,
    InVehicle,
}

[GenerateSerializer]
public enum SleepState
{
    Awake,
    LightSleep,
    DeepSleep,
    Rem,
}
