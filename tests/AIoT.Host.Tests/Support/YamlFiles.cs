using YamlDotNet.RepresentationModel;

namespace AIoT.Host.Tests.Support;

/// <summary>Reading deploy/'s YAML: every document of a file, and the few node lookups the tests need.</summary>
internal static class YamlFiles
{
    public static IReadOnlyList<YamlMappingNode> Documents(string relativePath)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryFiles.PathOf(relativePath)))
        {
            yaml.Load(reader);
        }

        return [.. yaml.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? Find(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : Merged(node)?.Find(key);

    public static YamlMappingNode? Map(this YamlMappingNode node, string key) => node.Find(key) as YamlMappingNode;

    public static IReadOnlyList<YamlNode> Seq(this YamlMappingNode node, string key) =>
        node.Find(key) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static IEnumerable<YamlMappingNode> Maps(this YamlMappingNode node, string key) => node.Seq(key).OfType<YamlMappingNode>();

    public static string? Text(this YamlMappingNode node, string key) => (node.Find(key) as YamlScalarNode)?.Value;

    /// <summary>A path of keys: "spec.template.metadata.labels".</summary>
    public static YamlMappingNode? Path(this YamlMappingNode node, string path)
    {
        YamlMappingNode? current = node;
        foreach (var key in path.Split('.'))
        {
            current = current?.Map(key);
        }

        return current;
    }

    public static IReadOnlyDictionary<string, string> Strings(this YamlMappingNode? node) =>
        node is null
            ? new Dictionary<string, string>()
            : node.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<")
                .ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (c.Value as YamlScalarNode)?.Value ?? "");

    public static IReadOnlyList<string> Scalars(this YamlMappingNode node, string key) =>
        [.. node.Seq(key).OfType<YamlScalarNode>().Select(s => s.Value!)];

    // Compose's "<<: *anchor": the anchored mapping's keys, under the node's own.
    private static YamlMappingNode? Merged(YamlMappingNode node) =>
        node.Children.TryGetValue(new YamlScalarNode("<<"), out var merged) ? merged as YamlMappingNode : null;
}
