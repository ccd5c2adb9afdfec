using AIoT.Scenes.Model;
using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

/// <summary>
/// One mapping of a scene file (a scene, a trigger, a condition, an action) with its path: checks its keys against
/// the accepted ones and reads its fields, reporting each problem at its own line. Fields not given read as null.
/// </summary>
internal sealed class FileMapping
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> entries = new(StringComparer.Ordinal);
    private readonly List<string> keys = [];

    private FileMapping(YamlMappingNode node, string path, FileProblems problems)
    {
        Node = node;
        Path = path;
        Problems = problems;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && FileScalars.KindOf((YamlScalarNode)key) != ScalarKind.Null)
            {
                entries[name] = (key, value);
                keys.Add(name);
            }
            else
            {
                problems.Add(key, path, $"expected a key such as 'type' or 'device', got {FileScalars.Describe(key)}.");
            }
        }
    }

    public YamlMappingNode Node { get; }

    public string Path { get; }

    public FileProblems Problems { get; }

    /// <summary>The keys in the order the file writes them.</summary>
    public IReadOnlyList<string> Keys => keys;

    /// <summary>The mapping at a node, or null with a problem naming what was expected there.</summary>
    public static FileMapping? Of(YamlNode node, string path, string what, FileProblems problems)
    {
        if (node is YamlMappingNode mapping)
        {
            return new FileMapping(mapping, path, problems);
        }

        problems.Add(node, path, $"expected {what} (keys and values), got {FileScalars.Describe(node)}.");
        return null;
    }

    public string At(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => entries.ContainsKey(key);

    public YamlNode? this[string key] => entries.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>Refuses keys not accepted (with a did-you-mean) and names each required key that is missing.</summary>
    public void Expect(string what, IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        var accepted = required.Concat(optional).ToList();
        foreach (var name in keys.Where(name => !accepted.Contains(name)))
        {
            Problems.Add(entries[name].Key, At(name), $"unknown key '{name}' in {what}.{FileWords.DidYouMean(name, accepted)} Accepted keys: {FileWords.List(accepted)}.");
        }

        foreach (var key in required.Where(key => !Has(key)))
        {
            Problems.Add(Node, At(key), $"missing '{key}': {what} needs {And(required.Where(k => k != "type"))}.");
        }
    }

    public string? Text(string key) => Read(key, FileValues.Text);

    public double? Number(string key) => Read(key, FileValues.Number);

    public bool? Bool(string key) => Read(key, FileValues.Bool);

    public SceneValue? Value(string key) => Read(key, FileValues.Value);

    public TimeSpan? Duration(string key) => Read(key, FileValues.Duration);

    public DayTime? Time(string key) => Read(key, FileValues.Time);

    public DaySet? Days(string key) => Read(key, FileValues.Days);

    public T? Word<T>(string key, IReadOnlyDictionary<string, T> words)
        where T : struct => Read(key, (node, path, problems) => FileValues.Word(node, path, words, problems));

    public FileMapping? Mapping(string key, string what) => this[key] is { } node ? Of(node, At(key), what, Problems) : null;

    public YamlSequenceNode? List(string key, string what)
    {
        if (this[key] is not { } node)
        {
            return null;
        }

        if (node is YamlSequenceNode list)
        {
            return list;
        }

        Problems.Add(node, At(key), $"expected a list of {what}, got {FileScalars.Describe(node)}.");
        return null;
    }

    /// <summary>The type word of a trigger, condition or action: required, and one of the given.</summary>
    public string? Type(string what, IReadOnlyList<string> types)
    {
        if (this["type"] is not { } node)
        {
            Problems.Add(Node, At("type"), $"missing 'type': every {what} needs one: {FileWords.List(types)}.");
            return null;
        }

        var text = node is YamlScalarNode scalar && FileScalars.KindOf(scalar) != ScalarKind.Null ? scalar.Value! : null;
        if (text is not null && types.Contains(text))
        {
            return text;
        }

        var given = text is null ? FileScalars.Describe(node) : $"'{text}'";
        Problems.Add(node, At("type"), $"unknown {what} type {given}.{(text is null ? "" : FileWords.DidYouMean(text, types))} Types: {FileWords.List(types)}.");
        return null;
    }

    private static string And(IEnumerable<string> words)
    {
        var all = words.ToList();
        return all.Count <= 1 ? string.Concat(all) : $"{string.Join(", ", all[..^1])} and {all[^1]}";
    }

    private T? Read<T>(string key, Func<YamlNode, string, FileProblems, T?> read) =>
        this[key] is { } node ? read(node, At(key), Problems) : default;
}
