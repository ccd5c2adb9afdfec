using AIoT.Mqtt.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace AIoT.Host.Web;

/// <summary>
/// <c>GET /health</c>, for load balancers and probes: 200 while the silo is active and its broker listens, 503 while it
/// joins, stops or has lost its broker. Outside /api, so a probe needs no token; it tells nothing about devices.
/// </summary>
internal static class HealthApi
{
    public static void Map(WebApplication app, MqttBroker? broker)
    {
        var membership = app.Services.GetRequiredService<IClusterMembershipService>();
        var silo = app.Services.GetRequiredService<ILocalSiloDetails>();
        app.MapGet("/health", () =>
        {
            var local = silo.SiloAddress;
            var snapshot = membership.CurrentSnapshot;
            var status = snapshot.GetSiloStatus(local);
            var stopping = app.Lifetime.ApplicationStopping.IsCancellationRequested;
            var healthy = status == SiloStatus.Active && !stopping && (broker is null || broker.Port > 0);
            var body = new
            {
                status = healthy ? "ok" : stopping ? "stopping" : "starting",
                silo = local.Endpoint.ToString(),
                siloStatus = status.ToString().ToLowerInvariant(),
                silosActive = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active),
                mqttPort = broker?.Port,
            };
            return healthy ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
    }
}
