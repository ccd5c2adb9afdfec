namespace AIoT.Scenes.Files;

/// <summary>The two spellings of a scene file; both hold the same fields.</summary>
public enum SceneFileFormat
{
    Yaml,
    Json,
}
