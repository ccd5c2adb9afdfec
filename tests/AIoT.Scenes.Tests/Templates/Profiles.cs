using AIoT.Scenes.Templates;

namespace AIoT.Scenes.Tests.Templates;

/// <summary>Homes as the population generator makes them (ids, rooms, models), to fit templates to.</summary>
internal static class Profiles
{
    public const string BeijingId = "hh-0000001";
    public const string Driver = "hh-0000001-p1";
    public const string Child = "hh-0000001-p3";
    public const string Grandmother = "hh-0000001-p4";
    public const string Car = "hh-0000001-su7-1";
    public const string LivingRoomAc = "hh-0000001-d9";
    public const string BedroomAc = "hh-0000001-d10";
    public const string Purifier = "hh-0000001-d11";
    public const string Lock = "hh-0000001-d12";
    public const string LeakSensor = "hh-0000001-d13";
    public const string Valve = "hh-0000001-d14";
    public const string DriversBand = "hh-0000001-d15";

    public static readonly string[] BeijingLights = ["hh-0000001-d2", "hh-0000001-d3", "hh-0000001-d4", "hh-0000001-d5", "hh-0000001-d6", "hh-0000001-d7"];

    /// <summary>A Beijing family of four: a driver with an SU7 and a band, a partner, a child of 8 and a grandmother of 68.</summary>
    public static HouseholdProfile BeijingFamily() => new(
        BeijingId,
        "Beijing",
        ["living-room", "kitchen", "bathroom", "bedroom-1", "bedroom-2", "bedroom-3", "balcony", "garage"],
        [
            new("hh-0000001-d1", "lumi.gateway.mgl03", "living-room", "Gateway"),
            new(BeijingLights[0], DeviceModels.Light, "living-room", "living-room light"),
            new(BeijingLights[1], DeviceModels.Light, "kitchen", "kitchen light"),
            new(BeijingLights[2], DeviceModels.Light, "bathroom", "bathroom light"),
            new(BeijingLights[3], DeviceModels.Light, "bedroom-1", "bedroom-1 light"),
            new(BeijingLights[4], DeviceModels.Light, "bedroom-2", "bedroom-2 light"),
            new(BeijingLights[5], DeviceModels.Light, "bedroom-3", "bedroom-3 light"),
            new("hh-0000001-d8", DeviceModels.Speaker, "living-room", "Xiao Ai speaker"),
            new(LivingRoomAc, DeviceModels.AirConditioner, "living-room", "living-room AC"),
            new(BedroomAc, DeviceModels.AirConditioner, "bedroom-1", "bedroom-1 AC"),
            new(Purifier, DeviceModels.Purifier, "bedroom-1", "Air purifier"),
            new(Lock, DeviceModels.Lock, "living-room", "Front door lock"),
            new(LeakSensor, DeviceModels.LeakSensor, "bathroom", "Water leak sensor"),
            new(Valve, DeviceModels.Valve, "bathroom", "Water valve"),
            new(DriversBand, DeviceModels.Band, "bedroom-1", "Wang Wei's band", Driver),
            new("hh-0000001-d16", DeviceModels.MotionSensor, "living-room", "Motion sensor"),
            new("hh-0000001-d17", DeviceModels.TemperatureHumiditySensor, "bedroom-1", "Temperature and humidity"),
            new("hh-0000001-d18", DeviceModels.Curtain, "living-room", "Curtain"),
            new("hh-0000001-d19", "xiaomi.phone.p14", "living-room", "Wang Wei's phone", Driver),
            new("hh-0000001-d20", "xiaomi.evcharger.hc01", "garage", "Charger for hh-0000001-su7-1"),
        ],
        [
            new(Driver, "Wang Wei", 41, new(7, 40), new(18, 10), new(23, 0), new(6, 50), Car),
            new("hh-0000001-p2", "Wang Fang", 39, new(8, 5), new(17, 30), new(22, 45), new(7, 0)),
            new(Child, "Wang Xin", 8, new(7, 30), new(16, 30), new(21, 0), new(6, 45)),
            new(Grandmother, "Zhang Hui", 68, new(9, 0), new(11, 0), new(21, 30), new(6, 0)),
        ],
        [Car]);

    public const string ShenzhenId = "hh-0000042";
    public const string Single = "hh-0000042-p1";
    public const string ShenzhenPurifier = "hh-0000042-d6";

    /// <summary>A Shenzhen single of 29: no car, no child, a bedroom AC, purifier, humidity sensor and band; no living-room AC or lock.</summary>
    public static HouseholdProfile ShenzhenSingle() => new(
        ShenzhenId,
        "Shenzhen",
        ["living-room", "kitchen", "bathroom", "bedroom-1", "balcony"],
        [
            new("hh-0000042-d1", "lumi.gateway.mgl03", "living-room", "Gateway"),
            new("hh-0000042-d2", DeviceModels.Light, "living-room", "living-room light"),
            new("hh-0000042-d3", DeviceModels.Light, "kitchen", "kitchen light"),
            new("hh-0000042-d4", DeviceModels.Light, "bathroom", "bathroom light"),
            new("hh-0000042-d5", DeviceModels.AirConditioner, "bedroom-1", "bedroom-1 AC"),
            new(ShenzhenPurifier, DeviceModels.Purifier, "bedroom-1", "Air purifier"),
            new("hh-0000042-d7", DeviceModels.TemperatureHumiditySensor, "bedroom-1", "Temperature and humidity"),
            new("hh-0000042-d8", DeviceModels.Band, "bedroom-1", "Chen Jing's band", Single),
            new("hh-0000042-d9", "xiaomi.phone.p14", "living-room", "Chen Jing's phone", Single),
        ],
        [new(Single, "Chen Jing", 29, new(8, 20), new(19, 10), new(23, 30), new(7, 20))],
        []);

    public static HouseholdProfile Without(this HouseholdProfile home, params string[] models) =>
        home with { Devices = [.. home.Devices.Where(d => !models.Contains(d.Model))] };

    public static HouseholdProfile WithoutDevice(this HouseholdProfile home, string deviceId) =>
        home with { Devices = [.. home.Devices.Where(d => d.Id != deviceId)] };

    public static HouseholdProfile WithoutVehicles(this HouseholdProfile home) => home with { Vehicles = [] };

    public static HouseholdProfile WithoutMember(this HouseholdProfile home, string memberId) =>
        home with { Members = [.. home.Members.Where(m => m.Id != memberId)], Devices = [.. home.Devices.Where(d => d.OwnerId != memberId)] };

    public static IReadOnlyList<SceneSuggestion> From(this HouseholdProfile home, string templateId) =>
        [.. SceneSuggester.Suggest(home).Where(s => s.TemplateId == templateId)];
}
