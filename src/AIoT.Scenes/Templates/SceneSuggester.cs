namespace AIoT.Scenes.Templates;

/// <summary>Suggests the scenes that fit a home: every template fitted to it, in catalogue order, each scene once.</summary>
public static class SceneSuggester
{
    public static IReadOnlyList<SceneSuggestion> Suggest(HouseholdProfile home) => Suggest(home, SceneTemplates.All);

    public static IReadOnlyList<SceneSuggestion> Suggest(HouseholdProfile home, IEnumerable<SceneTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(templates);
        if (home.Rooms is null || home.Devices is null || home.Members is null || home.Vehicles is null || home.Climate is null)
        {
            throw new ArgumentException(
                $"The profile of {home.HouseholdId} lacks its {(home.Rooms is null ? "rooms" : home.Devices is null ? "devices" : home.Members is null ? "members" : home.Vehicles is null ? "vehicles" : "climate")}: give an empty list (or CityClimate.For(city)) instead.",
                nameof(home));
        }

        var suggestions = new List<SceneSuggestion>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            foreach (var fitted in template.Fit(home))
            {
                // Two members or devices with the same short id would give one scene id twice; the later is dropped
                // rather than renamed, so an id always means the same scene for the same home.
                if (ids.Add(fitted.Scene.Id))
                {
                    suggestions.Add(new SceneSuggestion(fitted.Scene, template.Id, fitted.Reason));
                }
            }
        }

        return suggestions;
    }
}
