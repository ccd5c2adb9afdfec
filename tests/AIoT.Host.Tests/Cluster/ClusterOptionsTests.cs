using System.CommandLine;
using AIoT.Host.Cli;
using AIoT.Host.Hosting;
using Npgsql;

namespace AIoT.Host.Tests.Cluster;

/// <summary>How --cluster, its ports and --config turn into the host's settings, and how a mistake in them is named.</summary>
public sealed class ClusterOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-config-").FullName;

    [Fact]
    public void A_postgres_url_becomes_the_connection_string_of_the_cluster()
    {
        var settings = Read("--cluster", "postgres://aiot:p%40ss:word@db.example:6543/fleet?sslmode=require&application_name=silo-1");

        var connection = new NpgsqlConnectionStringBuilder(settings.ClusterConnectionString);
        Assert.Equal(("db.example", 6543, "fleet", "aiot", "p@ss:word"), (connection.Host, connection.Port, connection.Database, connection.Username, connection.Password));
        Assert.Equal(SslMode.Require, connection.SslMode);
        Assert.Equal("silo-1", connection.ApplicationName);
        Assert.True(settings.Clustered);
    }

    [Fact]
    public void Alone_nothing_changes_and_in_a_cluster_the_gateway_port_and_the_demo_take_cluster_defaults()
    {
        var alone = Read();
        var clustered = Read("--cluster", "postgres://aiot@127.0.0.1/aiot", "--advertise", "127.0.0.1");

        Assert.Equal((HostSettings.DefaultSiloPort, (int?)null, 3, false), (alone.SiloPort, alone.GatewayPort, alone.DemoHouseholds, alone.Clustered));
        Assert.Equal(System.Net.IPAddress.Loopback, alone.AdvertisedAddress);
        Assert.Equal(0, clustered.DemoHouseholds);
        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(clustered.ClusterConnectionString).Port);
        Assert.Equal(2, Read("--cluster", "postgres://aiot@127.0.0.1/aiot", "--demo-households", "2").DemoHouseholds);
    }

    [Theory]
    [InlineData("mysql://aiot@db/aiot", "must be postgres://")]
    [InlineData("postgres://aiot@db", "one database name")]
    [InlineData("postgres://aiot@db/aiot?colour=blue", "'colour' is not one Npgsql knows")]
    [InlineData("Database=aiot", "names no Host")]
    [InlineData("just words", "neither a postgres:// URL nor an Npgsql connection string")]
    public void A_wrong_cluster_database_is_refused_naming_what_is_wrong(string cluster, string expected)
    {
        var error = Refused("--cluster", cluster);

        Assert.StartsWith("--cluster:", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void The_password_of_a_refused_cluster_url_is_not_echoed()
    {
        Assert.DoesNotContain("hunter2", Refused("--cluster", "postgres://aiot:hunter2@db/aiot?colour=blue"));
    }

    [Theory]
    [InlineData(new[] { "--cluster", "postgres://aiot@db/aiot", "--in-memory" }, "--in-memory keeps grain state inside this process")]
    [InlineData(new[] { "--gateway-port", "70000" }, "--gateway-port must be between 0")]
    [InlineData(new[] { "--advertise", "0.0.0.0" }, "--advertise must be this machine's IP address")]
    [InlineData(new[] { "--advertise", "silo-1" }, "--advertise must be")]
    public void Options_that_cannot_work_together_or_at_all_are_refused(string[] args, string expected)
    {
        Assert.Contains(expected, Refused(args));
    }

    [Fact]
    public void A_config_file_gives_the_options_the_command_line_leaves_out()
    {
        var config = Write("""
            {
              // One node of three.
              "cluster": "postgres://aiot@127.0.0.1:5433/aiot",
              "silo-port": 11112,
              "--gateway-port": 30001,
              "in-memory": false,
              "mqtt": "127.0.0.1:1884",
            }
            """);

        var settings = Read("--config", config, "--mqtt", "127.0.0.1:1885");

        Assert.Equal((11112, (int?)30001, "127.0.0.1:1885", false), (settings.SiloPort, settings.GatewayPort, settings.Mqtt, settings.InMemory));
        Assert.Equal(5433, new NpgsqlConnectionStringBuilder(settings.ClusterConnectionString).Port);
    }

    [Fact]
    public void An_unknown_key_in_the_config_file_is_named_with_the_option_it_most_likely_means()
    {
        var error = Refused("--config", Write("""{ "clustr": "postgres://aiot@db/aiot" }"""));

        Assert.Contains("'clustr' is not an option of the host. Did you mean 'cluster'?", error);
    }

    [Theory]
    [InlineData("""{ "silo-port": "many" }""", "silo-port")]
    [InlineData("""{ "silo-port": [1, 2] }""", "'silo-port' must be a string, a number or true/false")]
    [InlineData("""{ "silo-port": 1,, }""", "is not valid JSON at line 1")]
    [InlineData("""[ "cluster" ]""", "must hold one JSON object")]
    public void A_broken_config_file_is_refused_naming_the_file_and_the_problem(string json, string expected)
    {
        var path = Write(json);

        var error = Refused("--config", path);

        Assert.Contains(path, error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_missing_config_file_is_named()
    {
        Assert.Contains("cannot be read", Refused("--config", Path.Combine(_folder, "absent.json")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static HostSettings Read(params string[] args)
    {
        Assert.True(TryRead(args, out var settings, out var error), error);
        return settings;
    }

    private static string Refused(params string[] args)
    {
        Assert.False(TryRead(args, out _, out var error), "the options were accepted");
        return error;
    }

    private static bool TryRead(string[] args, out HostSettings settings, out string error)
    {
        var root = new RootCommand();
        var options = new HostCommandOptions();
        options.AddTo(root);
        var parsed = root.Parse(args);
        Assert.Empty(parsed.Errors);
        return options.TryRead(parsed, out settings, out error);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
