using System.Net;
using System.Net.Sockets;
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
        // One silo on this machine; no Orleans client gateway, because every client (the CLI, dashboards) speaks HTTP.
        silo.UseLocalhostClustering(siloPort: settings.SiloPort == 0 ? FreePort() : settings.SiloPort, gatewayPort: 0, serviceId: ServiceId, clusterId: ClusterId);
        silo.Configure<GrainCollectionOptions>(options =>
        {
            options.CollectionAge = settings.CollectionAge;
            options.CollectionQuantum = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, settings.CollectionAge.Ticks / 2));
        });
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = settings.CallTimeout);
        if (settings.InMemory)
        {
            // The same JSON as the SQLite file: Orleans' default storage serializer (Newtonsoft) loses PropertyValue's fields.
            silo.AddMemoryGrainStorageAsDefault(options => options.GrainStorageSerializer = JsonGrainStateSerializer.Default);
            silo.Services.Configure<TwinStorageOptions>(options => options.WriteOnShutdown = false);
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

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
