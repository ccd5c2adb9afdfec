namespace AIoT.Scenes.Model;

/// <summary>The words scene files use for enum values, both ways.</summary>
public static class Names
{
    public static string Of(Comparison comparison) => comparison switch
    {
        Comparison.Equals => "equals",
        Comparison.NotEquals => "notEquals",
        Comparison.Above => "above",
        Comparison.Below => "below",
        Comparison.AtLeast => "atLeast",
        _ => "atMost",
    };

    public static string Of(Whereabouts whereabouts) => whereabouts switch
    {
        Whereabouts.Home => "home",
        Whereabouts.Away => "away",
        _ => "in-vehicle",
    };

    public static string Of(PresenceTest test) => test switch
    {
        PresenceTest.Home => "home",
        PresenceTest.NotHome => "not-home",
        PresenceTest.Away => "away",
        _ => "in-vehicle",
    };

    public static string Of(GeofenceEdge edge) => edge == GeofenceEdge.Arriving ? "arriving" : "leaving";

    public static readonly IReadOnlyDictionary<string, Comparison> Comparisons =
        Enum.GetValues<Comparison>().ToDictionary(Of, c => c, StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, Whereabouts> AllWhereabouts =
        Enum.GetValues<Whereabouts>().ToDictionary(Of, w => w, StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, PresenceTest> PresenceTests =
        Enum.GetValues<PresenceTest>().ToDictionary(Of, t => t, StringComparer.Ordinal);
}
