using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using Orleans.Configuration;

namespace AIoT.Host.Observability;

/// <summary>
/// Names the silo in the telemetry's resource: its address and name, the cluster, and as service.instance.id the machine
/// and silo port, which stay the same across restarts (Orleans' silo name does not).
/// </summary>
internal sealed class SiloResourceDetector(IServiceProvider services) : IResourceDetector
{
    public Resource Detect()
    {
        var endpoint = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var silo = services.GetRequiredService<IOptions<SiloOptions>>().Value;
        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var address = $"{endpoint.AdvertisedIPAddress}:{endpoint.SiloPort}";
        return new Resource(new Dictionary<string, object>
        {
            ["service.instance.id"] = $"{Environment.MachineName}:{endpoint.SiloPort}",
            ["host.name"] = Environment.MachineName,
            ["orleans.cluster.id"] = cluster.ClusterId,
            ["orleans.service.id"] = cluster.ServiceId,
            ["orleans.silo.address"] = address,
            ["orleans.silo.name"] = silo.SiloName,
        });
    }
}
