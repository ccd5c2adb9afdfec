using AIoT.Scenes.Model;
using AIoT.Scenes.Templates;
using AIoT.Scenes.Validation;

namespace AIoT.Scenes.Tests.Templates;

/// <summary>What a household is offered: scenes fitted to it, valid for it, different from another home's, and the same each time.</summary>
public sealed class SuggestionTests
{
    public static TheoryData<string> Homes => ["beijing", "shenzhen"];

    private static HouseholdProfile Home(string name) => name == "beijing" ? Profiles.BeijingFamily() : Profiles.ShenzhenSingle();

    [Fact]
    public void A_beijing_family_with_a_car_and_a_child_and_a_shenzhen_single_get_different_templates_and_thresholds()
    {
        var beijing = SceneSuggester.Suggest(Profiles.BeijingFamily());
        var shenzhen = SceneSuggester.Suggest(Profiles.ShenzhenSingle());

        var beijingTemplates = beijing.Select(s => s.TemplateId).ToHashSet();
        var shenzhenTemplates = shenzhen.Select(s => s.TemplateId).ToHashSet();
        Assert.Subset(beijingTemplates, new HashSet<string> { "owner-leaves-car", "car-near-home-cool", "child-night-light", "fingerprint-disarm", "leak-valve" });
        Assert.Empty(shenzhenTemplates.Intersect(["owner-leaves-car", "car-near-home-cool", "child-night-light", "fingerprint-disarm", "leak-valve"]));
        Assert.Contains("humid-dry", shenzhenTemplates);
        Assert.DoesNotContain("humid-dry", beijingTemplates);

        static double Pm25(IReadOnlyList<SceneSuggestion> suggestions) =>
            suggestions.Single(s => s.TemplateId == "pm25-purifier").Scene.Triggers.OfType<PropertyTrigger>().Single().Above!.Value;
        Assert.Equal(75, Pm25(beijing));
        Assert.Equal(35, Pm25(shenzhen));
        Assert.Contains("Beijing", beijing.Single(s => s.TemplateId == "pm25-purifier").Reason);
        Assert.Contains("Shenzhen", shenzhen.Single(s => s.TemplateId == "pm25-purifier").Reason);
    }

    [Theory]
    [MemberData(nameof(Homes))]
    public void Every_suggestion_has_a_valid_unique_id_its_template_and_a_reason_and_validates_against_the_homes_devices_people_and_vehicles(string name)
    {
        var home = Home(name);

        var suggestions = SceneSuggester.Suggest(home);

        Assert.NotEmpty(suggestions);
        AssertValidFor(home, suggestions);
    }

    [Fact]
    public void The_same_home_gets_the_same_suggestions_in_the_same_order()
    {
        var first = SceneSuggester.Suggest(Profiles.BeijingFamily()).Select(ScenePrinter.Print).ToList();
        var second = SceneSuggester.Suggest(Profiles.BeijingFamily()).Select(ScenePrinter.Print).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Suggestions_follow_the_catalogue_order_of_templates()
    {
        var order = SceneTemplates.All.Select(t => t.Id).ToList();

        var suggested = SceneSuggester.Suggest(Profiles.BeijingFamily()).Select(s => order.IndexOf(s.TemplateId)).ToList();

        Assert.Equal(suggested.Order(), suggested);
    }

    [Fact]
    public void A_home_with_nothing_in_it_gets_no_suggestions()
    {
        var empty = new HouseholdProfile("hh-empty", "Beijing", [], [], [], []);

        Assert.Empty(SceneSuggester.Suggest(empty));
    }

    [Fact]
    public void A_profile_missing_a_list_is_refused_naming_the_list()
    {
        var home = Profiles.ShenzhenSingle() with { Members = null! };

        var error = Assert.Throws<ArgumentException>(() => SceneSuggester.Suggest(home));

        Assert.Contains("members", error.Message);
    }

    [Fact]
    public void Generated_homes_of_every_shape_get_only_suggestions_valid_for_them()
    {
        var random = new Random(1313);
        var models = new[]
        {
            DeviceModels.Light, DeviceModels.AirConditioner, DeviceModels.Purifier, DeviceModels.Lock, DeviceModels.LeakSensor, DeviceModels.Valve,
            DeviceModels.Band, DeviceModels.TemperatureHumiditySensor, DeviceModels.MotionSensor, DeviceModels.DoorSensor, DeviceModels.Curtain,
            DeviceModels.Speaker,
        };
        string[] cities = [.. CityClimate.Known.Select(c => c.City), "Xi'an", ""];
        var templates = new HashSet<string>();
        for (var h = 0; h < 300; h++)
        {
            var id = $"hh-{h:D7}";
            var rooms = new List<string> { "living-room", "kitchen", "bathroom" };
            rooms.AddRange(Enumerable.Range(1, random.Next(0, 4)).Select(b => $"bedroom-{b}"));
            var vehicles = Enumerable.Range(1, random.Next(0, 3)).Select(v => $"{id}-su7-{v}").ToList();
            var members = Enumerable.Range(1, random.Next(0, 5)).Select(m => new ProfileMember(
                $"{id}-p{m}", $"Member {m}", random.Next(2, 90),
                new TimeOnly(7, random.Next(0, 60)), new TimeOnly(17, random.Next(0, 60)),
                new TimeOnly(random.Next(0, 2) == 0 ? 23 : 0, random.Next(0, 60)), new TimeOnly(6, random.Next(0, 60)),
                // Now and then a member drives a car the home does not list: no scene may name it.
                m <= vehicles.Count ? vehicles[m - 1] : random.Next(0, 4) == 0 ? $"{id}-su7-9" : null)).ToList();
            var devices = new List<ProfileDevice>();
            for (var d = random.Next(0, 25); d > 0; d--)
            {
                var owner = members.Count > 0 && random.Next(0, 2) == 0 ? members[random.Next(members.Count)].Id : random.Next(0, 5) == 0 ? "stranger" : null;
                devices.Add(new ProfileDevice($"{id}-d{devices.Count + 1}", models[random.Next(models.Length)], rooms[random.Next(rooms.Count)], $"Device {devices.Count + 1}", owner));
            }

            var home = new HouseholdProfile(id, cities[random.Next(cities.Length)], rooms, devices, members, vehicles);

            var suggestions = SceneSuggester.Suggest(home);

            AssertValidFor(home, suggestions);
            templates.UnionWith(suggestions.Select(s => s.TemplateId));
        }

        Assert.Equal(SceneTemplates.All.Select(t => t.Id).Order(), templates.Order());
    }

    private static void AssertValidFor(HouseholdProfile home, IReadOnlyList<SceneSuggestion> suggestions)
    {
        var vocabulary = new CatalogVocabulary(home);
        Assert.Equal(suggestions.Count, suggestions.Select(s => s.Scene.Id).Distinct().Count());
        foreach (var suggestion in suggestions)
        {
            var scene = suggestion.Scene;
            Assert.True(SceneIds.IsValid(scene.Id), $"'{scene.Id}' is not a valid scene id");
            Assert.Equal(suggestion.TemplateId, scene.Template);
            Assert.NotNull(SceneTemplates.Find(suggestion.TemplateId));
            Assert.False(string.IsNullOrWhiteSpace(suggestion.Reason), $"{scene.Id} has no reason");
            Assert.Equal(suggestion.Reason, scene.Description);

            var (_, problems) = SceneValidator.Validate(scene, vocabulary, []);

            Assert.True(problems.Count == 0, $"{home.HouseholdId} {scene.Id}: {string.Join("; ", problems)}");
        }
    }
}
