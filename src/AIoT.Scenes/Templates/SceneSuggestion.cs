using AIoT.Scenes.Model;

namespace AIoT.Scenes.Templates;

/// <summary>A scene suggested to a household: the scene (its <see cref="SceneDefinition.Template"/> set), the template it came from, and why.</summary>
[GenerateSerializer, Immutable]
public sealed record SceneSuggestion(SceneDefinition Scene, string TemplateId, string Reason);
