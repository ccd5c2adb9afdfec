using AIoT.Host.Tests.Observability;
using AIoT.Host.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AIoT.Host.Tests.Deploy;

/// <summary>deploy/ holds what an operator runs beside the host; Docker is not here, so each file is checked by what can read it.</summary>
[Collection(ScrapedHostCollection.Name)]
public sealed class DeployFilesTests(ScrapedHost scraped)
{
    [Fact]
    public async Task The_prometheus_config_passes_promtool_check_config()
    {
        // As compose runs it: the token file the aiot_api_token secret provides, beside the config.
        var folder = Directory.CreateTempSubdirectory("aiot-prometheus-").FullName;
        try
        {
            var config = Path.Combine(folder, "prometheus.yml");
            File.Copy(RepositoryFiles.PathOf("deploy/prometheus/prometheus.yml"), config);
            await File.WriteAllTextAsync(Path.Combine(folder, "aiot-api-token"), "token");
            var (exitCode, output) = await Promtool.RunAsync("", "check", "config", config);
            Assert.True(exitCode == 0, $"promtool check config exited with {exitCode}:\n{output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_metric_the_grafana_dashboard_queries_is_one_a_running_host_exports()
    {
        var expressions = GrafanaDashboard.Expressions();
        Assert.NotEmpty(expressions);
        foreach (var expression in expressions)
        {
            var names = GrafanaDashboard.MetricNames(expression);
            Assert.True(names.Count > 0, $"no metric found in '{expression}'");
            foreach (var name in names)
            {
                Assert.True(scraped.SampleNames.Contains(name), $"The dashboard queries {name} ('{expression}'), which /metrics does not export.");
            }
        }
    }

    [Fact]
    public void The_dashboards_metric_names_are_read_from_its_queries_as_prometheus_would()
    {
        Assert.Equal(
            ["orleans_app_requests_latency_seconds_bucket"],
            GrafanaDashboard.MetricNames("histogram_quantile(0.99, sum by (le) (rate(orleans_app_requests_latency_seconds_bucket{job=\"aiot\"}[$__rate_interval])))").Order());
        Assert.Equal(
            ["aiot_mqtt_connections", "aiot_mqtt_messages_sent_total"],
            GrafanaDashboard.MetricNames("sum without (instance) (rate(aiot_mqtt_messages_sent_total[5m])) / on (job) group_left sum(aiot_mqtt_connections)").Order());
    }

    [Fact]
    public void The_compose_file_parses_and_names_the_host_prometheus_grafana_and_postgres()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryFiles.PathOf("deploy/compose/docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        Assert.Equal(["aiot", "prometheus", "grafana", "postgres"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        // The files it mounts are in the repository.
        foreach (var mount in services.Children.Values.Cast<YamlMappingNode>()
            .Where(s => s.Children.ContainsKey("volumes"))
            .SelectMany(s => ((YamlSequenceNode)s["volumes"]).Children.Select(v => ((YamlScalarNode)v).Value!))
            .Where(v => v.StartsWith("../", StringComparison.Ordinal)))
        {
            var source = Path.Combine(RepositoryFiles.Root, "deploy/compose", mount.Split(':')[0]);
            Assert.True(File.Exists(source) || Directory.Exists(source), $"the compose file mounts {mount}, which is missing");
        }
    }
}
