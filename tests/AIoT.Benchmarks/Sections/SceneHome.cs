using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Scenes.Model;

namespace AIoT.Benchmarks.Sections;

/// <summary>
/// The scene benchmark's home: seven devices in three rooms and ten scenes written as a user would (aliases, not MIoT
/// keys), on thresholds, an event, the mode, a door, the time of day and sunset. Every string a scene holds is made
/// for its own household, as scenes saved over HTTP or read back from storage are.
/// </summary>
internal static class SceneHome
{
    public const string Temperature = "environment.temperature";
    public const string Humidity = "environment.relative-humidity";
    public const string Pm25 = "environment.pm2-5-density";
    public const string Power = "power-consumption.electric-power";

    /// <summary>The devices the stream reports for: the sensor (temperature and humidity), the purifier (PM2.5), the plug (power).</summary>
    public static readonly string[] StreamedDevices = ["ht", "purifier", "plug"];

    /// <summary>Triggers per change of each streamed device: the sensor's two keys have two triggers each, the others one.</summary>
    public static readonly int[] TriggersPerChange = [2, 1, 1];

    private static readonly (string Name, string Model, string Room)[] Devices =
    [
        ("ht", "lumi.sensor_ht.v1", "bedroom"),
        ("purifier", "zhimi.airp.mb3", "bedroom"),
        ("ac", "xiaomi.aircondition.ma2", "bedroom"),
        ("light", "yeelink.light.ceiling22", "living-room"),
        ("plug", "cuco.plug.v2eur", "living-room"),
        ("door", "lumi.sensor_magnet.v2", "living-room"),
        ("motion", "lumi.sensor_motion.v2", "living-room"),
    ];

    private static readonly string[] Rooms = ["living-room", "bedroom", "kitchen"];

    public static string HouseholdId(int i) => $"sh-{i:D7}";

    public static string DeviceId(int household, string device) => $"sh-{household:D7}-{device}";

    public static int DeviceCount => Devices.Length;

    public static HouseholdSetup Setup(int i) =>
        new($"Scene home {i}", new GeoPoint(39.9 + (i % 1000 * 0.0001), 116.4 + (i / 1000 % 1000 * 0.0001)), Rooms, "Beijing");

    public static List<HouseholdDeviceEntry> DeviceEntries(int i) =>
        [.. Devices.Select(d => new HouseholdDeviceEntry(DeviceId(i, d.Name), d.Model, d.Room, d.Name))];

    /// <summary>The home's scenes, the first <paramref name="count"/> of ten (more than ten repeats them with new ids).</summary>
    public static List<SceneDefinition> Scenes(int i, int count) =>
        [.. Enumerable.Range(0, count).Select(n => Scene(i, n % 10, n < 10 ? "" : $"-{n / 10}"))];

    private static SceneDefinition Scene(int i, int which, string suffix)
    {
        string D(string device) => DeviceId(i, device);
        var home = new ModeCondition(["home", "sleep"]);
        return which switch
        {
            0 => new($"too-hot{suffix}", "Cool the bedroom above 30 °C",
                [new PropertyTrigger(D("ht"), Temperature) { Above = 30 }], home,
                [new SetAction(D("ac"), [new("air-conditioner.on", SceneValue.Of(true)), new("air-conditioner.mode", SceneValue.Of(1)), new("air-conditioner.target-temperature", SceneValue.Of(26))])]),
            1 => new($"too-cold{suffix}", "Warm the bedroom below 16 °C",
                [new PropertyTrigger(D("ht"), Temperature) { Below = 16 }], home,
                [new SetAction(D("ac"), [new("air-conditioner.on", SceneValue.Of(true)), new("air-conditioner.target-temperature", SceneValue.Of(22))])]),
            2 => new($"damp{suffix}", "Dry the bedroom when damp for 10 minutes",
                [new PropertyTrigger(D("ht"), Humidity) { Above = 80, For = TimeSpan.FromMinutes(10) }], null,
                [new SetAction(D("ac"), [new("air-conditioner.on", SceneValue.Of(true)), new("air-conditioner.mode", SceneValue.Of(2))])]),
            3 => new($"dry-air{suffix}", "Say when the air is too dry",
                [new PropertyTrigger(D("ht"), Humidity) { Below = 25 }], new PropertyCondition(D("ht"), Temperature, Comparison.Above, SceneValue.Of(18)),
                [new NotifyAction("The bedroom air is below 25% humidity.")]),
            4 => new($"pm25{suffix}", "Purify when PM2.5 stays above 75",
                [new PropertyTrigger(D("purifier"), Pm25) { Above = 75, For = TimeSpan.FromMinutes(2) }], null,
                [new SetAction(D("purifier"), [new("air-purifier.on", SceneValue.Of(true)), new("air-purifier.mode", SceneValue.Of(0))])]),
            5 => new($"plug-overload{suffix}", "Switch the plug off above 2,500 W",
                [new PropertyTrigger(D("plug"), Power) { Above = 2500 }], null,
                [new SetAction(D("plug"), [new("switch.on", SceneValue.Of(false))])]),
            6 => new($"door-while-away{suffix}", "Tell when the door opens while away",
                [new PropertyTrigger(D("door"), "magnet-sensor.contact-state") { To = SceneValue.Of(true) }], new ModeCondition(["away", "armed"]),
                [new NotifyAction("The front door opened while nobody is home."), new SetAction(D("light"), [new("light.on", SceneValue.Of(true))])]),
            7 => new($"night-motion{suffix}", "Dim light on motion at night",
                [new EventTrigger(D("motion"), "motion-sensor.motion-detected")],
                new TimeCondition { After = DayTime.At(new TimeOnly(22, 0)), Before = DayTime.At(new TimeOnly(6, 0)) },
                [new SetAction(D("light"), [new("light.on", SceneValue.Of(true)), new("light.brightness", SceneValue.Of(10))])])
            {
                Cooldown = TimeSpan.FromMinutes(5),
            },
            8 => new($"leaving{suffix}", "Everything off when the home goes away",
                [new ModeTrigger { To = "away" }], null,
                [new SetAction(D("ac"), [new("air-conditioner.on", SceneValue.Of(false))]), new SetAction(D("light"), [new("light.on", SceneValue.Of(false))]), new SetAction(D("plug"), [new("switch.on", SceneValue.Of(false))])]),
            _ => new($"evening{suffix}", "Lights on at sunset",
                [new TimeTrigger(DayTime.Sunset(TimeSpan.FromMinutes(-15)))], home,
                [new SetAction(D("light"), [new("light.on", SceneValue.Of(true)), new("light.brightness", SceneValue.Of(70))])]),
        };
    }
}
