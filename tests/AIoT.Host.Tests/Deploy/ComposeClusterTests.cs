using AIoT.Host.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AIoT.Host.Tests.Deploy;

/// <summary>deploy/compose/docker-compose.cluster.yml: three silos on one PostgreSQL, HAProxy spreading MQTT over them.</summary>
public sealed class ComposeClusterTests
{
    private const string File = "deploy/compose/docker-compose.cluster.yml";

    [Fact]
    public void Three_silos_join_one_cluster_on_postgres_with_options_the_host_accepts()
    {
        var silos = Silos();
        Assert.Equal(["aiot-1", "aiot-2", "aiot-3"], silos.Keys.Order());
        foreach (var (name, silo) in silos)
        {
            var arguments = HostArguments.After(silo.Scalars("command"));
            Assert.True(HostArguments.Errors(arguments) is [], $"{name}: {string.Join("; ", HostArguments.Errors(arguments))}");
            // With .env as README.md makes it, the host starts with them.
            var environment = silo.Map("environment").Strings().ToDictionary(e => e.Key, e => HostArguments.Expand(e.Value, DotEnv));
            Assert.Null(HostArguments.SettingsError(arguments, environment));
            Assert.StartsWith("postgres://", silo.Map("environment")!.Text("AIOT_CLUSTER"), StringComparison.Ordinal);
            Assert.Contains("postgres", silo.Map("depends_on")!.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
            // Each advertises the address the others reach it at.
            Assert.Equal(silo.Path("networks.cluster")!.Text("ipv4_address"), arguments[arguments.ToList().IndexOf("--advertise") + 1]);
        }

        // One silo runs the demo homes (a clustered silo runs none unless asked); several would each simulate the same ones.
        Assert.Single(silos.Values, s => s.Scalars("command").Contains("--demo-households"));
    }

    [Fact]
    public void HAProxy_sends_mqtt_to_every_silo_and_to_nothing_else()
    {
        var addresses = Silos().Values.Select(s => $"{s.Path("networks.cluster")!.Text("ipv4_address")}:1883").Order();
        var servers = System.IO.File.ReadAllLines(RepositoryFiles.PathOf("deploy/compose/haproxy.cfg"))
            .Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts is ["server", _, _, ..])
            .Select(parts => parts[2]).Order();
        Assert.Equal(addresses, servers);
    }

    private static readonly Dictionary<string, string> DotEnv = new() { ["AIOT_API_TOKEN"] = "token", ["POSTGRES_PASSWORD"] = "0123abcd" };

    private static Dictionary<string, YamlMappingNode> Silos() =>
        YamlFiles.Documents(File).Single().Map("services")!.Children
            .Where(s => ((YamlScalarNode)s.Key).Value!.StartsWith("aiot-", StringComparison.Ordinal))
            .ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => (YamlMappingNode)s.Value);
}
