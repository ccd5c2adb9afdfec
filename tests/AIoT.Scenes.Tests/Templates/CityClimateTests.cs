using AIoT.Scenes.Templates;

namespace AIoT.Scenes.Tests.Templates;

public sealed class CityClimateTests
{
    [Fact]
    public void Every_city_the_population_uses_has_its_own_climate()
    {
        string[] cities = ["Beijing", "Shanghai", "Shenzhen", "Guangzhou", "Hangzhou", "Wuhan", "Chengdu"];

        Assert.Equal(cities, cities.Select(c => CityClimate.For(c).City));
        Assert.Equal(cities.Order(), CityClimate.Known.Select(c => c.City).Order());
    }

    [Fact]
    public void Pm25_thresholds_follow_each_citys_air_higher_in_the_smoggier_cities_lowest_in_shenzhen()
    {
        var pm25 = CityClimate.Known.ToDictionary(c => c.City, c => c.Pm25Threshold);

        Assert.All(new[] { "Beijing", "Wuhan", "Chengdu" }, smoggy => Assert.All(new[] { "Shanghai", "Hangzhou", "Guangzhou", "Shenzhen" }, cleaner => Assert.True(pm25[smoggy] > pm25[cleaner])));
        Assert.Equal(pm25.Values.Min(), pm25["Shenzhen"]);
        Assert.True(pm25.Values.Count(v => v == pm25["Shenzhen"]) == 1);
    }

    [Fact]
    public void Only_beijing_is_not_humid_and_the_humid_south_is_hot_soonest()
    {
        Assert.Equal(["Beijing"], CityClimate.Known.Where(c => !c.Humid).Select(c => c.City));
        Assert.True(CityClimate.For("Shenzhen").HotDayCelsius < CityClimate.For("Beijing").HotDayCelsius);
    }

    [Fact]
    public void A_city_is_found_whatever_its_case_and_an_unknown_one_gets_the_national_defaults()
    {
        Assert.Equal(CityClimate.For("Beijing"), CityClimate.For(" beijing "));

        var unknown = CityClimate.For("Xi'an");

        Assert.Equal(("Xi'an", 28.0, 75.0, false), (unknown.City, unknown.HotDayCelsius, unknown.Pm25Threshold, unknown.Humid));
        Assert.Equal(75, CityClimate.For(null).Pm25Threshold);
    }

    [Fact]
    public void A_profile_takes_its_climate_from_its_city_unless_given_one()
    {
        var home = Profiles.ShenzhenSingle();

        Assert.Equal(CityClimate.For("Shenzhen"), home.Climate);
        Assert.Equal(60, (home with { Climate = home.Climate with { Pm25Threshold = 60 } }).Climate.Pm25Threshold);
    }
}
