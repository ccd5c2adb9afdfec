namespace AIoT.Ecosystem.Runtime;

/// <summary>
/// The grain type names in grain ids ("device/kettle") and in stored state rows. They are the names the twins had
/// before Orleans, so state written then is found under the same ids; renaming one orphans its stored twins.
/// </summary>
public static class EcosystemGrainTypes
{
    public const string Device = "device";
    public const string Household = "household";
    public const string Person = "person";
    public const string Vehicle = "vehicle";
    public const string Totals = "totals";

    /// <summary>Every grain here keeps its state under this name, in the default storage provider.</summary>
    public const string StateName = "state";

    /// <summary>A household's scenes: a second state of its grain, so the frequent household writes leave them alone.</summary>
    public const string ScenesStateName = "scenes";
}
