using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Population;
using AIoT.Ecosystem.Tests.Support;

namespace AIoT.Ecosystem.Tests.Scenes;

/// <summary>Suggestions come from the household grain's own profile: its devices, members' ages and routines, and city.</summary>
[Collection(EcosystemCollection.Name)]
public sealed class SceneSuggestionTests(EcosystemCluster cluster)
{
    /// <summary>Generated ids come from the index alone; the shared cluster keeps every test's homes, so each test starts at an index no other used.</summary>
    private static int FreshIndex() => Interlocked.Add(ref _nextIndex, 1000);

    private static int _nextIndex = 5_000_000 + (Random.Shared.Next(0, 4_000) * 1000);

    [Fact]
    public async Task Two_generated_homes_get_visibly_different_suggestions_and_seeding_with_scenes_installs_them_all()
    {
        var seed = Random.Shared.Next();
        var plans = PopulationGenerator.Generate(seed, 400, FreshIndex()).ToList();
        var withCar = plans.First(p => p.Vehicles.Count > 0 && p.Devices.Any(d => d.Model == "zhimi.airp.mb3") && p.Devices.Any(d => d.Model == "xiaomi.aircondition.ma2" && d.Room == "living-room"));
        var without = plans.First(p => p.Vehicles.Count == 0 && p.City != withCar.City);
        var seeder = new PopulationSeeder(cluster.Grains);
        await seeder.SeedAsync(withCar, withScenes: true);
        await seeder.SeedAsync(without);

        var installed = await cluster.Grains.GetGrain<IHouseholdScenesGrain>(withCar.HouseholdId).SuggestScenes();
        var offered = await cluster.Grains.GetGrain<IHouseholdScenesGrain>(without.HouseholdId).SuggestScenes();

        Assert.All(installed, s => Assert.True(s.Installed, $"{s.Suggestion.Scene.Id} was not installed"));
        Assert.All(offered, s => Assert.False(s.Installed));
        Assert.Contains(installed, s => s.Suggestion.TemplateId == "car-near-home-cool");
        Assert.DoesNotContain(offered, s => s.Suggestion.TemplateId is "car-near-home-cool" or "owner-leaves-car");
        Assert.NotEqual(installed.Select(s => s.Suggestion.Reason).Order(), offered.Select(s => s.Suggestion.Reason).Order());
        Assert.All(installed.Concat(offered), s => Assert.False(string.IsNullOrWhiteSpace(s.Suggestion.Reason)));
        var listed = await cluster.Grains.GetGrain<IHouseholdScenesGrain>(withCar.HouseholdId).ListScenes();
        Assert.Equal(installed.Select(s => s.Suggestion.Scene.Id).Order(), listed.Select(s => s.Scene.Id).Order());
    }

    [Fact]
    public async Task Accepting_a_suggestion_installs_exactly_that_scene()
    {
        var plan = PopulationGenerator.Generate(Random.Shared.Next(), 400, FreshIndex()).First(p => p.Devices.Any(d => d.Model == "lumi.flood.agl02"));
        await new PopulationSeeder(cluster.Grains).SeedAsync(plan);
        var scenes = cluster.Grains.GetGrain<IHouseholdScenesGrain>(plan.HouseholdId);
        var leak = (await scenes.SuggestScenes()).First(s => s.Suggestion.TemplateId == "leak-valve");

        var saved = await scenes.AcceptSuggestion(leak.Suggestion.Scene.Id);

        Assert.True(saved?.IsSaved, string.Join("; ", saved?.Problems ?? []));
        Assert.Equal(leak.Suggestion.Scene.Id, Assert.Single(await scenes.ListScenes()).Scene.Id);
        Assert.Null(await scenes.AcceptSuggestion("no-such-suggestion"));
    }
}
