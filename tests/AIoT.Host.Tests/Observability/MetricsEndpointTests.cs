using System.Net;
using System.Net.Http.Headers;
using AIoT.Host.Observability;
using AIoT.Host.Tests.Support;

namespace AIoT.Host.Tests.Observability;

/// <summary>Prometheus scrapes /metrics: text it accepts, with a metric from every component and the resource naming the host.</summary>
[Collection(ScrapedHostCollection.Name)]
public sealed class MetricsEndpointTests(ScrapedHost scraped)
{
    [Fact]
    public async Task A_running_hosts_metrics_pass_promtool_check_metrics()
    {
        var (exitCode, output) = await Promtool.RunAsync(scraped.Metrics, "check", "metrics");
        Assert.True(exitCode == 0, $"promtool check metrics exited with {exitCode}:\n{output}");
    }

    [Fact]
    public void Every_component_has_its_metrics_on_the_scrape()
    {
        var names = scraped.SampleNames;
        foreach (var prefix in new[] { "orleans_", "aiot_mqtt_", "aiot_gateway_", "aiot_scenes_", "aiot_devices_", "aiot_simulation_", "aiot_overview_", "dotnet_", "http_server_" })
        {
            Assert.True(names.Any(n => n.StartsWith(prefix, StringComparison.Ordinal)), $"no {prefix}* metric on /metrics:\n{scraped.Metrics}");
        }

        // Durations in seconds, the base unit, whatever the instrument measured in.
        Assert.DoesNotContain(names, n => n.Contains("_milliseconds", StringComparison.Ordinal) || n.Contains("_microseconds", StringComparison.Ordinal));
    }

    [Fact]
    public void The_resource_names_the_service_its_version_and_the_silo()
    {
        var targetInfo = Assert.Single(scraped.Metrics.Split('\n'), line => line.StartsWith("target_info{", StringComparison.Ordinal));
        Assert.Contains("service_name=\"aiot\"", targetInfo, StringComparison.Ordinal);
        Assert.Contains($"service_version=\"{Telemetry.ServiceVersion}\"", targetInfo, StringComparison.Ordinal);
        Assert.Matches("orleans_silo_address=\"127\\.0\\.0\\.1:[0-9]+\"", targetInfo);
        Assert.Matches($"service_instance_id=\"{Environment.MachineName}:[0-9]+\"", targetInfo);
    }

    [Fact]
    public async Task With_an_api_token_the_metrics_need_it_too()
    {
        await using var host = await InProcessHost.StartAsync(apiToken: "scrape-secret");
        using var http = host.Http();
        var refused = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "scrape-secret");
        var scraped = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("# TYPE orleans_grains gauge", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
