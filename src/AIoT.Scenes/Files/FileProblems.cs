using AIoT.Scenes.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

/// <summary>Every problem found in one file, each at the line and column of the node it is about.</summary>
internal sealed class FileProblems
{
    private readonly List<SceneProblem> problems = [];

    /// <summary>In file order, as a person reads them top to bottom.</summary>
    public IReadOnlyList<SceneProblem> All => [.. problems.OrderBy(p => p.Line).ThenBy(p => p.Column)];

    public int Count => problems.Count;

    public void Add(YamlNode node, string path, string message) => Add(node.Start, path, message);

    public void Add(Mark at, string path, string message) =>
        problems.Add(new SceneProblem(path.Length == 0 ? "file" : path, message) { Line = (int)at.Line, Column = (int)at.Column });
}
