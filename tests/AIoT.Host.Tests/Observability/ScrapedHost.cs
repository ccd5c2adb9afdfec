using AIoT.Host.Hosting;
using AIoT.Host.Tests.Support;

namespace AIoT.Host.Tests.Observability;

/// <summary>
/// One running host whose every component has done something: a demo home simulated, two MQTT plugs relayed, a scene
/// fired and its command sent. <see cref="Metrics"/> is a /metrics scrape taken once every component's metrics are in it.
/// </summary>
public sealed class ScrapedHost : IAsyncLifetime
{
    /// <summary>A metric of each component, which the scrape must hold (one of them only once the simulation stepped); and every one the Grafana dashboard queries.</summary>
    public static readonly string[] OneOfEachComponent =
    [
        "orleans_grains",
        "orleans_app_requests_latency_seconds_bucket",
        "aiot_mqtt_connections",
        "aiot_mqtt_messages_received_total",
        "aiot_gateway_messages_received_total",
        "aiot_gateway_commands_sent_total",
        "aiot_scenes_firings_total",
        "aiot_devices_reports_total",
        "aiot_devices_commands_total",
        "aiot_simulation_steps_total",
        "aiot_overview_households",
        "aiot_overview_devices_online",
        "dotnet_process_cpu_time_seconds_total",
        "dotnet_process_memory_working_set_bytes",
        "dotnet_gc_heap_total_allocated_bytes_total",
        "http_server_request_duration_seconds_bucket",
        "target_info",
    ];

    private RunningHost? _host;
    private SceneChain? _chain;

    public RunningHost Host => _host!;

    public string Metrics { get; private set; } = "";

    /// <summary>The names of the samples in <see cref="Metrics"/> (histograms' _bucket, _sum and _count included).</summary>
    public IReadOnlySet<string> SampleNames => PrometheusText.SampleNames(Metrics);

    public async Task InitializeAsync()
    {
        _host = await InProcessHost.StartAsync(demoHouseholds: 1);
        _chain = await SceneChain.SetUpAsync(_host);
        await _chain.PressAsync();
        await _chain.ReportUnknownPropertyAsync();
        using var http = _host.Http();
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            Metrics = await http.GetStringAsync("metrics");
            var missing = OneOfEachComponent.Concat(GrafanaDashboard.MetricNames()).Distinct().Where(name => !SampleNames.Contains(name)).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            Assert.True(Environment.TickCount64 < deadline, $"After 60 s, /metrics still has no {string.Join(", ", missing)}:\n{Metrics}");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>
/// The tests that read a host's metrics run alone, after the others: meters of the same name from several hosts in one
/// process share OpenTelemetry's streams, and a host that stops (its broker's, gateway's and silo's meters disposed)
/// ends them for every host in the process. One host per process, as aiot runs, never sees this.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScrapedHostCollection : ICollectionFixture<ScrapedHost>
{
    public const string Name = "metrics of a running host";
}
