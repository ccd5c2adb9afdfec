namespace AIoT.Scenes.Templates;

/// <summary>The household modes the templates move between.</summary>
internal static class HouseholdModes
{
    public const string Home = "home";
    public const string Away = "away";
    public const string Sleep = "sleep";
    public const string Armed = "armed";
}
