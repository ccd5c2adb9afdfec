namespace AIoT.Ecosystem.Population;

/// <summary>
/// How often each kind of device is found in a generated home, and where. The shares and their reasons are in
/// docs/population.md; change both together.
/// </summary>
internal static class DeviceMix
{
    public const string Hub = "lumi.gateway.mgl03";
    public const string Light = "yeelink.light.ceiling22";
    public const string AirConditioner = "xiaomi.aircondition.ma2";
    public const string Phone = "xiaomi.phone.p14";
    public const string Band = "xiaomi.band.m8";
    public const string Charger = "xiaomi.evcharger.hc01";

    /// <summary>Share of homes with the device, and the room it goes to ("bedroom" means the first bedroom).</summary>
    public static readonly IReadOnlyList<(string Model, double Share, string Room, string Name)> Optional =
    [
        ("lumi.lock.bacn01", 0.85, "living-room", "Front door lock"),
        ("xiaomi.wifispeaker.lx06", 0.75, "living-room", "Xiao Ai speaker"),
        ("xiaomi.tv.v1", 0.80, "living-room", "TV"),
        ("lumi.sensor_ht.v1", 0.70, "bedroom", "Temperature and humidity"),
        ("cuco.plug.v2eur", 0.65, "living-room", "Smart plug"),
        ("lumi.sensor_magnet.v2", 0.60, "living-room", "Front door sensor"),
        ("zhimi.airp.mb3", 0.60, "bedroom", "Air purifier"),
        ("lumi.sensor_motion.v2", 0.55, "living-room", "Motion sensor"),
        ("viomi.washer.v13", 0.55, "bathroom", "Washer-dryer"),
        ("viomi.waterheater.e1", 0.50, "bathroom", "Water heater"),
        ("viomi.fridge.u9", 0.50, "kitchen", "Fridge"),
        ("dreame.vacuum.p2008", 0.45, "living-room", "Robot vacuum"),
        ("chuangmi.camera.ipc019", 0.45, "living-room", "Camera"),
        ("lumi.switch.b2nacn02", 0.40, "living-room", "Wall switch"),
        ("lumi.sensor_smoke.mcn02", 0.35, "kitchen", "Smoke detector"),
        ("lumi.sensor_natgas.v1", 0.30, "kitchen", "Gas detector"),
        ("lumi.curtain.hagl05", 0.30, "living-room", "Curtain"),
        ("lumi.flood.agl02", 0.25, "bathroom", "Water leak sensor"),
    ];

    /// <summary>A valve goes with a leak sensor that can close it.</summary>
    public const double ValveWithLeakSensor = 0.40;

    public const double BandPerMember = 0.55;

    public const double AirConditionerPerBedroom = 0.85;

    /// <summary>Members per home: 1 to 4.</summary>
    public static readonly double[] MemberCountShares = [0.20, 0.35, 0.30, 0.15];

    /// <summary>SU7s per home: 0 to 2. The population is SU7 owners' and neighbours' homes, not all of China.</summary>
    public static readonly double[] VehicleCountShares = [0.55, 0.35, 0.10];
}
