namespace AIoT.Scenes.Engine;

/// <summary>A condition's outcome: a value nobody knows yet makes it unknown, which is not false.</summary>
public enum Truth
{
    False,
    True,
    Unknown,
}
