using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

/// <summary>
/// Where each field of a read file stands, by the same paths problems use (<c>triggers[1].above</c>), so problems found
/// after reading (by the validator, against a household) can name their line too.
/// </summary>
internal static class FileLocations
{
    public static Dictionary<string, (int Line, int Column)> Of(YamlNode root)
    {
        var locations = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        Collect(root, "", locations);
        return locations;
    }

    /// <summary>The place of a path, or of its nearest enclosing field when the path itself was not written.</summary>
    public static (int Line, int Column)? Find(IReadOnlyDictionary<string, (int Line, int Column)> locations, string path)
    {
        for (var at = path; at.Length > 0; at = Parent(at))
        {
            if (locations.TryGetValue(at, out var place))
            {
                return place;
            }
        }

        return locations.TryGetValue("", out var file) ? file : null;
    }

    private static void Collect(YamlNode node, string path, Dictionary<string, (int, int)> locations)
    {
        locations.TryAdd(path, ((int)node.Start.Line, (int)node.Start.Column));
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        Collect(value, path.Length == 0 ? name : $"{path}.{name}", locations);
                    }
                }

                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    Collect(list.Children[i], $"{path}[{i}]", locations);
                }

                break;
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
