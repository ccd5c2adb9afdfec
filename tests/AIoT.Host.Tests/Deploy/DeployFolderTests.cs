using System.Text.Json;
using AIoT.Host.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AIoT.Host.Tests.Deploy;

/// <summary>Every YAML and JSON file under deploy/ is read by some tool an operator runs; a file that does not parse fails there, late.</summary>
public sealed class DeployFolderTests
{
    [Fact]
    public void Every_yaml_and_json_file_under_deploy_parses()
    {
        var files = DeployFiles("*.yml").Concat(DeployFiles("*.yaml")).Concat(DeployFiles("*.json")).ToList();
        Assert.Contains(files, f => f.EndsWith("kustomization.yaml", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("aiot.json", StringComparison.Ordinal));
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                if (file.EndsWith(".json", StringComparison.Ordinal))
                {
                    using var _ = JsonDocument.Parse(File.ReadAllText(file));
                }
                else
                {
                    var yaml = new YamlStream();
                    using var reader = new StreamReader(file);
                    yaml.Load(reader);
                    if (yaml.Documents.Count == 0)
                    {
                        failures.Add($"{file}: no YAML document");
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or YamlException)
            {
                failures.Add($"{file}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>The files under deploy/, without what a local publish or build leaves there.</summary>
    private static IEnumerable<string> DeployFiles(string pattern) =>
        Directory.EnumerateFiles(RepositoryFiles.PathOf("deploy"), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "publish" or "bin" or "obj"));
}
