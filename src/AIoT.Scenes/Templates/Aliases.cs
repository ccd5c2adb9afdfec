namespace AIoT.Scenes.Templates;

/// <summary>The property and event aliases the templates write; aliases rather than keys so a scene reads as what it does.</summary>
internal static class Aliases
{
    public const string LightOn = "light.on";
    public const string LightBrightness = "light.brightness";
    public const string LightMode = "light.mode";
    public const int LightModeNight = 1;

    public const string AcOn = "air-conditioner.on";
    public const string AcMode = "air-conditioner.mode";
    public const int AcModeCool = 1;
    public const int AcModeDry = 2;
    public const string AcTargetTemperature = "air-conditioner.target-temperature";
    public const string AcSleepMode = "air-conditioner.sleep-mode";
    public const string AcTemperature = "environment.temperature";

    public const string PurifierOn = "air-purifier.on";
    public const string PurifierMode = "air-purifier.mode";
    public const int PurifierModeAuto = 0;
    public const string Pm25 = "environment.pm2-5-density";

    public const string LockUnlocked = "lock.unlocked";
    public const string LockMethod = "lock.lock-method";
    public const int LockMethodFingerprint = 3;

    public const string LeakDetected = "submersion-sensor.leak-detected";
    public const string ValveOn = "valve.on";

    public const string SleepState = "health.sleep-state";
    public const int Awake = 0;

    public const string RelativeHumidity = "environment.relative-humidity";
    public const string MotionDetected = "motion-sensor.motion-detected";

    public const string CurtainMotor = "curtain.motor-control";
    public const int CurtainOpen = 1;
    public const int CurtainClose = 2;
}
