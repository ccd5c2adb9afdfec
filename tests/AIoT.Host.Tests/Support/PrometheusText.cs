namespace AIoT.Host.Tests.Support;

/// <summary>Reads Prometheus' text exposition format just enough for tests: the names of its samples.</summary>
internal static class PrometheusText
{
    public static IReadOnlySet<string> SampleNames(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
}
