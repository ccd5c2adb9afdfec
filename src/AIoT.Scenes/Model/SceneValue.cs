using System.Globalization;
using System.Text.Json;

namespace AIoT.Scenes.Model;

[GenerateSerializer]
public enum SceneValueKind : byte
{
    Bool,
    Number,
    Text,
}

/// <summary>A value as a scene file writes it: true/false, a number, or text. The domain converts it to a property value.</summary>
[GenerateSerializer, Immutable]
public readonly record struct SceneValue(
    [property: Id(0)] SceneValueKind Kind,
    [property: Id(1)] double Number,
    [property: Id(2)] string? Text)
{
    public static SceneValue Of(bool value) => new(SceneValueKind.Bool, value ? 1 : 0, null);

    public static SceneValue Of(double value) => new(SceneValueKind.Number, value, null);

    public static SceneValue Of(string value) => new(SceneValueKind.Text, 0, value);

    public bool IsTrue => Kind == SceneValueKind.Bool && Number != 0;

    public override string ToString() => Kind switch
    {
        SceneValueKind.Bool => Number != 0 ? "true" : "false",
        SceneValueKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(Text),
    };
}
