using System.Reflection;
using AIoT.Ecosystem.Diagnostics;
using AIoT.Gateway.Diagnostics;
using AIoT.Mqtt.Diagnostics;
using AIoT.Host.Hosting;
using AIoT.Scenes.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AIoT.Host.Observability;

/// <summary>
/// OpenTelemetry for the whole host: the metrics of every component (served on /metrics when the web server runs, pushed
/// over OTLP with --otlp) and, with --otlp, the traces that follow a device message through its grain calls, the scenes
/// it fires and the commands sent back.
/// </summary>
internal static class Telemetry
{
    public const string ServiceName = "aiot";

    /// <summary>Orleans' own meter and activity source for grain calls (the latter needs AddActivityPropagation on the silo).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";
    public const string OrleansGrainCalls = "Microsoft.Orleans.Application";

    /// <summary>Every meter the host exports; the .NET runtime's comes with AddRuntimeInstrumentation.</summary>
    public static readonly string[] Meters =
    [
        OrleansMeter,
        MqttMetricNames.MeterName,
        GatewayMetricNames.MeterName,
        SceneTelemetry.Name,
        EcosystemTelemetry.Name,
        Web.Live.OverviewMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        SecondsHistograms.MeterName,
    ];

    public static readonly string[] ActivitySources = [GatewayTracing.Name, OrleansGrainCalls, SceneTelemetry.Name];

    public static string ServiceVersion { get; } =
        typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Telemetry).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Adds OpenTelemetry when something reads it: the scrape endpoint (<paramref name="scrapeEndpoint"/>) or an OTLP endpoint.</summary>
    public static void Add(IHostApplicationBuilder builder, HostSettings settings, bool scrapeEndpoint)
    {
        var otlp = settings.OtlpEndpoint;
        if (!scrapeEndpoint && otlp is null)
        {
            return;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(ServiceName, serviceVersion: ServiceVersion, autoGenerateServiceInstanceId: false)
                .AddDetector(services => new SiloResourceDetector(services)))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddRuntimeInstrumentation().AddView(MetricViews.For)
                    .AddInstrumentation(() => new SecondsHistograms());
                if (scrapeEndpoint)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Point(exporter, otlp, settings.OtlpProtocol, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.OtlpInterval.TotalMilliseconds;
                    });
                }
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(ActivitySources)
                .AddOtlpExporter(exporter => Point(exporter, otlp, settings.OtlpProtocol, "v1/traces")));
        }
    }

    /// <summary>
    /// OTLP/HTTP takes one URL per signal (the collector's base address plus /v1/traces or /v1/metrics); gRPC takes the
    /// base address alone. Set in code, the exporter uses the endpoint as given, so the signal's path is added here.
    /// </summary>
    private static void Point(OtlpExporterOptions exporter, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        exporter.Protocol = protocol;
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }
}
