using System.Net;
using AIoT.Ecosystem.Runtime;
using AIoT.Ecosystem.Totals;
using AIoT.Storage.Hosting;
using AIoT.Storage.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace AIoT.Host.Hosting;

/// <summary>How the host's one Orleans silo is set up from the settings: clustering, storage, collection, timeouts.</summary>
internal static class SiloConfiguration
{
    public const string ClusterId = "aiot";
    public const string ServiceId = "aiot";

    public static void Apply(ISiloBuilder silo, HostSettings settings)
    {
        ConfigureClustering(silo, settings);
        silo.Configure<GrainCollectionOptions>(options =>
        {
            options.CollectionAge = settings.CollectionAge;
            options.CollectionQuantum = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, settings.CollectionAge.Ticks / 2));
        });
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = settings.CallTimeout);
        silo.Services.Configure<TwinStorageOptions>(options => options.TelemetryFlush = settings.TelemetryFlush);
        if (settings.InMemory)
        {
            // The same JSON as the SQLite file: Orleans' default storage serializer (Newtonsoft) loses PropertyValue's fields.
            silo.AddMemoryGrainStorageAsDefault(options => options.GrainStorageSerializer = JsonGrainStateSerializer.Default);
            silo.Services.Configure<TwinStorageOptions>(options => options.WriteOnShutdown = false);
        }
        else if (settings.Clustered)
        {
            silo.AddPostgresGrainStorageAsDefault(options => options.ConnectionString = settings.ClusterConnectionString);
        }
        else
        {
            silo.AddSqliteGrainStorageAsDefault(options => options.DatabasePath = settings.GrainDatabasePath);
        }

        silo.AddEcosystemTotals();
        silo.AddDashboard();
        // Grain calls carry the caller's trace context, so a device message, its grain calls and what they cause make one trace.
        silo.AddActivityPropagation();
        settings.ConfigureSilo?.Invoke(silo);
    }

    private static void ConfigureClustering(ISiloBuilder silo, HostSettings settings)
    {
        if (!settings.Clustered)
        {
            // One silo on this machine; no Orleans client gateway unless asked, because every client (the CLI, dashboards) speaks HTTP.
            silo.UseLocalhostClustering(siloPort: settings.SiloPort, gatewayPort: settings.GatewayPort ?? 0, serviceId: ServiceId, clusterId: ClusterId);
            return;
        }

        var address = settings.AdvertisedAddress;
        var siloPort = settings.SiloPort;
        var gatewayPort = settings.GatewayPort ?? HostSettings.DefaultClusterGatewayPort;
        silo.UsePostgresClustering(options => options.ConnectionString = settings.ClusterConnectionString);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = ClusterId;
            options.ServiceId = ServiceId;
        });
        silo.Configure<EndpointOptions>(options =>
        {
            options.AdvertisedIPAddress = address;
            options.SiloPort = siloPort;
            options.GatewayPort = gatewayPort;
            // Listen where the other silos are told to call, not on every interface.
            options.SiloListeningEndpoint = new IPEndPoint(address, siloPort);
            options.GatewayListeningEndpoint = new IPEndPoint(address, gatewayPort);
        });
        // In a Kubernetes pod, the pod's own name, address and namespace win over the options above.
        KubernetesHosting.Apply(silo);
    }
}
