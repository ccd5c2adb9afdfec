namespace AIoT.Host.Tests.Support;

/// <summary>A systemd unit file read as systemd reads it: sections of Key=Value lines, # and ; comments.</summary>
internal sealed class SystemdUnit
{
    private readonly Dictionary<string, List<(string Key, string Value)>> _sections;

    private SystemdUnit(Dictionary<string, List<(string Key, string Value)>> sections) => _sections = sections;

    public IReadOnlyCollection<string> Sections => _sections.Keys;

    public static SystemdUnit Read(string path)
    {
        var sections = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        List<(string, string)>? current = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = sections[line[1..^1]] = [];
                continue;
            }

            var equals = line.IndexOf('=');
            Assert.True(current is not null && equals > 0, $"{path}: '{line}' is neither a [Section] nor Key=Value inside one");
            current!.Add((line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        return new SystemdUnit(sections);
    }

    public string? Value(string section, string key) =>
        _sections.TryGetValue(section, out var entries) ? entries.LastOrDefault(e => e.Key == key).Value : null;
}
