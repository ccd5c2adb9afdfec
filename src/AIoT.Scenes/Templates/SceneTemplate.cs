using AIoT.Scenes.Model;

namespace AIoT.Scenes.Templates;

/// <summary>
/// A kind of scene a home can have, and how to fit it: <see cref="Fit"/> returns the scenes it makes for a home
/// (none when the home lacks what it needs), each fitted to that home's devices, people and climate.
/// </summary>
public sealed record SceneTemplate(string Id, string Title, string Needs, Func<HouseholdProfile, IEnumerable<FittedScene>> Fit);

/// <summary>A scene made for one home, and why it fits that home, in words for its members.</summary>
public sealed record FittedScene(SceneDefinition Scene, string Reason);
