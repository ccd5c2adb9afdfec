using AIoT.Scenes.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

/// <summary>
/// Reads a scene file, YAML or JSON (JSON is read as the YAML it also is): one scene, or <c>scenes:</c> with a list.
/// Every problem in the file is reported, each with its line, column, path (such as <c>triggers[1].above</c>) and how
/// to fix it; a file with any problem gives no scene. Checks the file's form only: whether its devices, people and
/// modes exist is <see cref="Validation.SceneValidator"/>'s work against a household.
/// </summary>
public static class SceneFileReader
{
    /// <summary>Larger files are refused unread: a household's scenes fit in far less.</summary>
    public const int MaxFileChars = 1 << 20;

    /// <summary>Deeper nesting is refused before the file is loaded, so no file can exhaust the stack.</summary>
    public const int MaxNesting = 64;

    public static SceneFileResult Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new FileProblems();
        if (text.Length > MaxFileChars)
        {
            problems.Add(FirstLine, "file", $"the file has {text.Length:N0} characters; a scene file holds at most {MaxFileChars:N0}. Split it.");
            return SceneFileResult.Failed(problems.All);
        }

        if (!Prescan(text, problems) || Load(text, problems) is not { } stream)
        {
            return SceneFileResult.Failed(problems.All);
        }

        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is null || (root is YamlScalarNode scalar && FileScalars.KindOf(scalar) == ScalarKind.Null))
        {
            problems.Add(FirstLine, "file", "the file is empty: write one scene (id, name, triggers, actions) or scenes: with a list of them.");
            return SceneFileResult.Failed(problems.All);
        }

        var isList = root is YamlMappingNode mapping && mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: "scenes" });
        var scenes = isList ? ReadList(root, problems) : [SceneMappingReader.Read(root, "", problems)];
        return problems.Count > 0
            ? SceneFileResult.Failed(problems.All)
            : new SceneFileResult([.. scenes.OfType<SceneDefinition>()], []) { IsSceneList = isList, Locations = FileLocations.Of(root) };
    }

    public static SceneFileResult Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = new char[MaxFileChars + 1];
        var length = reader.ReadBlock(buffer, 0, buffer.Length);
        return Read(new string(buffer, 0, length));
    }

    /// <summary>Editors find a JSON file's schema by this key; it is allowed on a file and on each scene, and otherwise ignored.</summary>
    internal const string SchemaKey = "$schema";

    private static Mark FirstLine => new(0, 1, 1);

    private static List<SceneDefinition?> ReadList(YamlNode root, FileProblems problems)
    {
        var file = FileMapping.Of(root, "", "a scene file", problems)!;
        file.Expect("a file of scenes", ["scenes"], [SchemaKey]);
        if (file.List("scenes", "scenes") is not { } list)
        {
            return [];
        }

        if (list.Children.Count == 0)
        {
            problems.Add(list, "scenes", "the list is empty: give at least one scene.");
        }

        var scenes = list.Children.Select((item, i) => SceneMappingReader.Read(item, $"scenes[{i}]", problems)).ToList();
        var firstById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < scenes.Count; i++)
        {
            if (scenes[i] is { Id.Length: > 0 } scene && !firstById.TryAdd(scene.Id, i))
            {
                var idNode = ((YamlMappingNode)list.Children[i]).Children.First(kv => kv.Key is YamlScalarNode { Value: "id" }).Value;
                problems.Add(idNode, $"scenes[{i}].id", $"'{scene.Id}' is also the id of scenes[{firstById[scene.Id]}]; each scene needs its own id.");
            }
        }

        return scenes;
    }

    /// <summary>Walks the file's events once: syntax errors, nesting depth, aliases and extra documents, before anything is built.</summary>
    private static bool Prescan(string text, FileProblems problems)
    {
        var before = problems.Count;
        var lastGood = FirstLine;
        try
        {
            var parser = new Parser(new StringReader(text));
            var depth = 0;
            var documents = 0;
            while (parser.MoveNext())
            {
                lastGood = parser.Current!.End;
                switch (parser.Current)
                {
                    case NodeEvent { Start: var at } and (MappingStart or SequenceStart) when ++depth > MaxNesting:
                        problems.Add(at, "file", $"the file nests deeper than {MaxNesting} levels; no scene needs that.");
                        return false;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias alias:
                        problems.Add(alias.Start, "file", $"aliases (*{alias.Value}) are not read in scene files: write the value out where it is used.");
                        break;
                    case DocumentStart { Start: var at } when ++documents > 1:
                        problems.Add(at, "file", "a scene file holds one document; put several scenes in one file under scenes: instead of separating them with ---.");
                        return false;
                }
            }
        }
        catch (YamlException e)
        {
            AddSyntaxError(e, problems);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up on some broken flow collections without a YamlException; the last event it read is where to look.
            problems.Add(lastGood, "file", "not valid YAML or JSON after this point: look for an unclosed [ or {, or a missing quote.");
        }

        return problems.Count == before;
    }

    private static YamlStream? Load(string text, FileProblems problems)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (YamlException e)
        {
            AddSyntaxError(e, problems);
            return null;
        }
    }

    private static void AddSyntaxError(YamlException e, FileProblems problems)
    {
        var hint = e.Message.StartsWith("Duplicate key", StringComparison.Ordinal)
            ? "each key may appear once in a mapping; remove or merge the second one"
            : "check the indentation and the quotes near this spot; text holding ': ' or ' #' needs quotes";
        problems.Add(e.Start, "file", $"not valid YAML or JSON: {e.Message.TrimEnd('.')}; {hint}.");
    }
}
