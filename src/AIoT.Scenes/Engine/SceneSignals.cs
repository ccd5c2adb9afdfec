using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>A property of a device changed: its canonical key, the value before (null when never known) and after.</summary>
[GenerateSerializer, Immutable]
public readonly record struct PropertyChange(
    [property: Id(0)] string Key,
    [property: Id(1)] SceneValue? Old,
    [property: Id(2)] SceneValue New);

/// <summary>The scenes that led to this change, oldest first, as the household passes them along with its commands.</summary>
public sealed class SceneChain
{
    public const char Separator = '>';

    public static readonly SceneChain Empty = new([]);

    private SceneChain(IReadOnlyList<string> scenes) => Scenes = scenes;

    public IReadOnlyList<string> Scenes { get; }

    public static SceneChain Parse(string? text) =>
        string.IsNullOrEmpty(text) ? Empty : new SceneChain(text.Split(Separator, StringSplitOptions.RemoveEmptyEntries));

    public SceneChain Then(string sceneId) => new([.. Scenes, sceneId]);

    public int Count(string sceneId) => Scenes.Count(s => s == sceneId);

    public override string ToString() => string.Join(Separator, Scenes);
}
