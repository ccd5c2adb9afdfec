namespace AIoT.Scenes.Validation;

/// <summary>One thing wrong with a scene: where (a path such as "triggers[0].property", and the file line when known) and why.</summary>
[GenerateSerializer, Immutable]
public sealed record SceneProblem(string Path, string Message)
{
    [Id(0)] public int? Line { get; init; }

    /// <summary>The column in the file line, counted from 1, when known; for editors that point at the spot.</summary>
    [Id(1)] public int? Column { get; init; }

    public override string ToString() => Line is { } line ? $"line {line}, {Path}: {Message}" : $"{Path}: {Message}";
}
