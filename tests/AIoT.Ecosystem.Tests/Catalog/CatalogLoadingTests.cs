using System.Text;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Catalog.Loading;

namespace AIoT.Ecosystem.Tests.Catalog;

public sealed class CatalogLoadingTests
{
    public static readonly TheoryData<string> RequiredTypes =
    [
        "light", "outlet", "switch", "air-purifier", "air-conditioner", "vacuum", "lock", "magnet-sensor", "motion-sensor",
        "temperature-humidity-sensor", "smoke-sensor", "gas-sensor", "submersion-sensor", "valve", "camera", "speaker", "television",
        "curtain", "water-heater", "washer", "fridge", "bracelet", "phone", "gateway", "ev-charger",
    ];

    [Theory]
    [MemberData(nameof(RequiredTypes))]
    public void Every_required_device_type_loads_from_the_embedded_catalog(string type)
    {
        var device = DeviceCatalog.Default.FindByType(type);
        Assert.NotNull(device);
        Assert.Equal("device-information", device.Services[0].Name);
        Assert.Contains(device.Properties, p => p.Siid > 1);
    }

    [Fact]
    public void Real_layouts_are_kept_where_the_public_spec_gives_them()
    {
        var light = DeviceCatalog.Default.FindByType("light")!;
        Assert.Equal("light.on", light.FindProperty(2, 1)!.Alias);
        Assert.Equal((0, 100, 1), (light.FindProperty(2, 2)!.Range!.Min, light.FindProperty(2, 2)!.Range!.Max, light.FindProperty(2, 2)!.Range!.Step));
        Assert.Equal("kelvin", light.ResolveProperty("light.color-temperature")!.Unit);

        var purifier = DeviceCatalog.Default.Get("zhimi.airp.mb3");
        Assert.Equal(["Auto", "Silent", "Favorite", "Fan"], purifier.FindProperty(2, 5)!.ValueList!.Select(v => v.Description));
        Assert.Equal("filter.filter-life-level", purifier.FindProperty(4, 3)!.Alias);

        var vacuum = DeviceCatalog.Default.FindByType("vacuum")!;
        Assert.Equal("battery.start-charge", vacuum.FindAction(3, 1)!.Alias);
        Assert.Equal("clean.start-clean", vacuum.ResolveAction("4.1")!.Alias);

        var lockSpec = DeviceCatalog.Default.FindByType("lock")!;
        Assert.Equal(["unlocked", "locked"], new[] { lockSpec.FindEvent(2, 1)!.Name, lockSpec.FindEvent(2, 2)!.Name });
        Assert.Equal([1, 2], lockSpec.ResolveEvent("lock.unlocked")!.Arguments);
    }

    [Theory]
    [InlineData("""{"name":"x","type":"urn:miot-spec-v2:device:light:0000A001:x:1","services":[]}""", "broken.json: device '(unknown)': model is missing")]
    [InlineData("""{"model":"m.x","name":"x","type":"urn:miot:light","services":[{"siid":2,"name":"s","properties":[]}]}""", "broken.json: device 'm.x': type: 'urn:miot:light' is not of the form")]
    [InlineData("""{"model":"m.x","name":"x","type":"urn:miot-spec-v2:device:air-purifier:0000A007:x:1","services":[{"siid":2,"name":"air-purifier","properties":[{"piid":5,"name":"mode","format":"uint8","access":["read"],"values":[]}]}]}""", "broken.json: device 'm.x': service 2 property 5 'mode': value-list is empty")]
    [InlineData("""{"model":"m.x","name":"x","type":"urn:miot-spec-v2:device:light:0000A001:x:1","services":[{"siid":2,"name":"light","properties":[{"piid":2,"name":"brightness","format":"uint8","access":["read"],"range":[0,300,1]}]}]}""", "service 2 property 2 'brightness': value-range [0, 300, 1] does not fit format uint8")]
    [InlineData("""{"model":"m.x","name":"x","type":"urn:miot-spec-v2:device:light:0000A001:x:1","services":[{"siid":2,"name":"light","properties":[{"piid":2,"name":"brightness","format":"uint8","access":["read"],"range":[50,10,1]}]}]}""", "min is above max")]
    [InlineData("""{"model":"m.x","name":"x","type":"urn:miot-spec-v2:device:light:0000A001:x:1","services":[{"siid":2,"name":"light","properties":[{"piid":1,"name":"on","format":"boolean","access":["read"]}]}]}""", "service 2 property 1 'on': format 'boolean' is not one of")]
    [InlineData("""{"model":"m.x","name":"x","type":"urn:miot-spec-v2:device:light:0000A001:x:1","services":[{"siid":2,"name":"light","properties":[{"piid":1,"name":"on","format":"bool","access":["read"]},{"piid":1,"name":"off","format":"bool","access":["read"]}]}]}""", "service 2 property 1: piid is used twice")]
    [InlineData("""{"model":"m.x","name":"x","type":"urn:miot-spec-v2:device:vacuum:0000A006:x:1","services":[{"siid":4,"name":"clean","properties":[],"actions":[{"aiid":1,"name":"start-clean","in":[9]}]}]}""", "service 4 action 1 'start-clean': in: piid 9 is not a property of this service")]
    [InlineData("""{"model":"m.x","name":"x","type":"urn:miot-spec-v2:device:light:0000A001:x:1","services":[{"siid":2,"name":"light","properties":[{"piid":1,"name":"on","format":"bool","access":["read","execute"]}]}]}""", "access 'execute' is not one of read, write, notify")]
    [InlineData("""{"model":"m.x", "name": """, "broken.json: not valid device JSON")]
    [InlineData("""{"model":"m.x","name":"x","type":"urn:miot-spec-v2:device:light:0000A001:x:1","colour":"red","services":[{"siid":2,"name":"light","properties":[]}]}""", "broken.json: not valid device JSON")]
    public void A_broken_device_file_is_refused_naming_file_device_and_field(string json, string expected)
    {
        var error = Assert.Throws<CatalogException>(() => DeviceCatalog.ReadFile("broken.json", new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_users_folder_of_device_files_loads_and_a_duplicate_model_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("aiot-catalog-").FullName;
        try
        {
            const string Device = """{"model":"acme.lamp.v1","name":"Acme Lamp","type":"urn:miot-spec-v2:device:light:0000A001:acme-v1:1","services":[{"siid":2,"name":"light","properties":[{"piid":1,"name":"on","format":"bool","access":["read","write","notify"]}]}]}""";
            File.WriteAllText(Path.Combine(folder, "a.json"), Device);
            Assert.Equal("light.on", DeviceCatalog.LoadDirectory(folder).Get("acme.lamp.v1").ResolveProperty("2.1")!.Alias);

            File.WriteAllText(Path.Combine(folder, "b.json"), Device);
            Assert.Contains("'acme.lamp.v1' is defined twice", Assert.Throws<CatalogException>(() => DeviceCatalog.LoadDirectory(folder)).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
