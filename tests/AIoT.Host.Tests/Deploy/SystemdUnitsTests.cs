using System.Text.RegularExpressions;
using AIoT.Host.Hosting;
using AIoT.Host.Tests.Support;

namespace AIoT.Host.Tests.Deploy;

/// <summary>deploy/systemd: the units a Linux host installs, read as systemd would, and their ExecStart as the host would parse it.</summary>
public sealed partial class SystemdUnitsTests
{
    public static TheoryData<string> Units() => [.. UnitFiles()];

    [Fact]
    public void There_is_a_unit_for_one_host_and_one_for_a_cluster_node()
    {
        Assert.Equal(["aiot-cluster.service", "aiot.service"], UnitFiles());
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void A_unit_has_its_sections_and_starts_aiot_dll_with_options_the_host_accepts(string unit)
    {
        var file = SystemdUnit.Read(RepositoryFiles.PathOf($"deploy/systemd/{unit}"));
        Assert.Equal(["Install", "Service", "Unit"], file.Sections.Order());
        var execStart = file.Value("Service", "ExecStart");
        Assert.NotNull(execStart);
        Assert.Contains("aiot.dll", execStart);
        var arguments = HostArguments.After(execStart.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal([], HostArguments.Errors(arguments));
        // With its environment file as the example fills it, the host starts with them.
        var environment = file.Value("Service", "EnvironmentFile") is { } path ? ExampleOf(path) : new Dictionary<string, string>();
        Assert.Null(HostArguments.SettingsError(arguments, environment));
        Assert.Equal("multi-user.target", file.Value("Install", "WantedBy"));
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void A_unit_stops_the_host_gracefully_and_waits_for_its_grains(string unit)
    {
        var file = SystemdUnit.Read(RepositoryFiles.PathOf($"deploy/systemd/{unit}"));
        Assert.Equal("SIGINT", file.Value("Service", "KillSignal"));
        Assert.True(int.Parse(file.Value("Service", "TimeoutStopSec")!) > AiotHost.ShutdownTimeout.TotalSeconds);
    }

    [Fact]
    public void The_cluster_node_reads_its_settings_from_an_environment_file_the_example_fills()
    {
        var file = SystemdUnit.Read(RepositoryFiles.PathOf("deploy/systemd/aiot-cluster.service"));
        Assert.Equal("/etc/aiot/aiot.env", file.Value("Service", "EnvironmentFile"));
        Assert.Contains("postgresql.service", file.Value("Unit", "After"));
        var arguments = HostArguments.After(file.Value("Service", "ExecStart")!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("11111", arguments[arguments.ToList().IndexOf("--silo-port") + 1]);
        Assert.Equal("30000", arguments[arguments.ToList().IndexOf("--gateway-port") + 1]);

        var example = ExampleOf("/etc/aiot/aiot.env");
        Assert.StartsWith("postgres://", example["AIOT_CLUSTER"], StringComparison.Ordinal);
        Assert.True(example.ContainsKey("AIOT_API_TOKEN"), "--http beyond loopback needs the API token");
        foreach (var used in Variable().Matches(file.Value("Service", "ExecStart")!).Select(m => m.Groups[1].Value))
        {
            Assert.True(example.ContainsKey(used), $"ExecStart uses ${{{used}}}, which aiot.env does not set");
        }
    }

    /// <summary>The example beside the units of an EnvironmentFile (/etc/aiot/aiot.env is deploy/systemd/aiot.env), as systemd reads it.</summary>
    private static Dictionary<string, string> ExampleOf(string environmentFile) =>
        File.ReadAllLines(RepositoryFiles.PathOf($"deploy/systemd/{Path.GetFileName(environmentFile)}"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);

    private static string[] UnitFiles() =>
        [.. Directory.EnumerateFiles(RepositoryFiles.PathOf("deploy/systemd"), "*.service").Select(f => Path.GetFileName(f)).Order()];

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
