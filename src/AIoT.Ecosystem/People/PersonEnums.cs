namespace AIoT.Ecosystem.People;

public enum PersonLocation
{
    Home,
    Away,
    InVehicle,
}

public enum SleepState
{
    Awake,
    LightSleep,
    DeepSleep,
    Rem,
}
