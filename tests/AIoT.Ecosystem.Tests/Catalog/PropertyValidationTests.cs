using System.Text.Json;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Ecosystem.Tests.Catalog;

public sealed class PropertyValidationTests
{
    private static PropertyCheck Set(string model, string key, string json) =>
        PropertyValueValidator.Check(DeviceCatalog.Default.Get(model).ResolveProperty(key)!, JsonDocument.Parse(json).RootElement, PropertyUse.Set);

    [Theory]
    [InlineData("yeelink.light.ceiling22", "light.on", "true")]
    [InlineData("yeelink.light.ceiling22", "2.2", "100")]
    [InlineData("yeelink.light.ceiling22", "light.color-temperature", "4000")]
    [InlineData("zhimi.airp.mb3", "air-purifier.mode", "2")]
    [InlineData("xiaomi.aircondition.ma2", "air-conditioner.target-temperature", "24.5")]
    [InlineData("xiaomi.aircondition.ma2", "air-conditioner.target-temperature", "26")]
    [InlineData("xiaomi.wifispeaker.lx06", "intelligent-speaker.text-content", "\"打开客厅灯\"")]
    public void Valid_values_pass(string model, string key, string json) => Assert.True(Set(model, key, json).IsOk, Set(model, key, json).Error);

    [Theory]
    [InlineData("yeelink.light.ceiling22", "light.on", "1", "takes a bool")]
    [InlineData("yeelink.light.ceiling22", "light.brightness", "101", "must be within [0, 100, 1]")]
    [InlineData("yeelink.light.ceiling22", "light.brightness", "300", "does not fit")]
    [InlineData("yeelink.light.ceiling22", "light.brightness", "\"high\"", "takes a uint8")]
    [InlineData("yeelink.light.ceiling22", "light.brightness", "50.5", "takes a uint8")]
    [InlineData("xiaomi.aircondition.ma2", "air-conditioner.target-temperature", "24.3", "steps of 0.5")]
    [InlineData("zhimi.airp.mb3", "air-purifier.mode", "7", "takes one of: 0 Auto, 1 Silent, 2 Favorite, 3 Fan")]
    [InlineData("yeelink.light.ceiling22", "light.on", "null", "got JSON null")]
    public void Wrong_values_get_the_value_error_code_and_say_why(string model, string key, string json, string reason)
    {
        var check = Set(model, key, json);
        Assert.Equal(MiotCodes.PropertyValueError, check.Code);
        Assert.Contains(reason, check.Error);
        Assert.Contains(key.Contains('.') && !char.IsDigit(key[0]) ? key : "light.brightness", check.Error);
    }

    [Fact]
    public void Setting_a_read_only_property_is_refused_but_the_device_may_report_it()
    {
        var pm25 = DeviceCatalog.Default.Get("zhimi.airp.mb3").ResolveProperty("3.6")!;
        var set = PropertyValueValidator.Check(pm25, PropertyValue.Of(35), PropertyUse.Set);
        Assert.Equal(MiotCodes.PropertyNotWritable, set.Code);
        Assert.Contains("not writable", set.Error);

        var report = PropertyValueValidator.Check(pm25, PropertyValue.Of(35), PropertyUse.Report);
        Assert.True(report.IsOk);
        Assert.Equal(35.0, report.Value.AsDouble());
    }

    [Fact]
    public void An_unknown_key_finds_no_property()
    {
        var light = DeviceCatalog.Default.Get("yeelink.light.ceiling22");
        Assert.Null(light.ResolveProperty("2.99"));
        Assert.Null(light.ResolveProperty("light.colour"));
    }

    [Fact]
    public void Property_values_round_trip_through_json_as_plain_values()
    {
        var values = new[] { PropertyValue.Of(true), PropertyValue.Of(42), PropertyValue.Of(21.5), PropertyValue.Of("hello") };
        var json = JsonSerializer.Serialize(values);
        Assert.Equal("""[true,42,21.5,"hello"]""", json);
        Assert.Equal(values, JsonSerializer.Deserialize<PropertyValue[]>(json));
    }
}
