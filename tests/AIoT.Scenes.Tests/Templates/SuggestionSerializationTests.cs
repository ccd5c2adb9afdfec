using AIoT.Scenes.Templates;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace AIoT.Scenes.Tests.Templates;

/// <summary>The household grain takes a profile and hands suggestions back through grain calls: both must survive Orleans' serializer.</summary>
public sealed class SuggestionSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Suggestions_round_trip_through_Orleans_serialization()
    {
        var suggestions = SceneSuggester.Suggest(Profiles.BeijingFamily()).ToList();

        var copy = Serializer.Deserialize<List<SceneSuggestion>>(Serializer.SerializeToArray(suggestions))!;

        Assert.Equal(suggestions.Select(ScenePrinter.Print), copy.Select(ScenePrinter.Print));
    }

    [Fact]
    public void A_profile_round_trips_through_Orleans_serialization_with_its_climate()
    {
        var home = Profiles.BeijingFamily() with { Climate = CityClimate.For("Beijing") with { Pm25Threshold = 60 } };

        var copy = Serializer.Deserialize<HouseholdProfile>(Serializer.SerializeToArray(home))!;

        Assert.Equal(ScenePrinter.Print(home), ScenePrinter.Print(copy));
        Assert.Equal(60, copy.Climate.Pm25Threshold);
    }
}
