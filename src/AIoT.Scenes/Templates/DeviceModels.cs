namespace AIoT.Scenes.Templates;

/// <summary>The MIoT models the templates fit scenes to (see docs/devices.md), by what they are to a home.</summary>
public static class DeviceModels
{
    public const string Light = "yeelink.light.ceiling22";
    public const string AirConditioner = "xiaomi.aircondition.ma2";
    public const string Purifier = "zhimi.airp.mb3";
    public const string Lock = "lumi.lock.bacn01";
    public const string LeakSensor = "lumi.flood.agl02";
    public const string Valve = "lumi.valve.agl001";
    public const string Band = "xiaomi.band.m8";
    public const string TemperatureHumiditySensor = "lumi.sensor_ht.v1";
    public const string MotionSensor = "lumi.sensor_motion.v2";
    public const string DoorSensor = "lumi.sensor_magnet.v2";
    public const string Curtain = "lumi.curtain.hagl05";
    public const string Speaker = "xiaomi.wifispeaker.lx06";
}
