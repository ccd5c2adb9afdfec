using System.Net.WebSockets;
using System.Net;
using AIoT.Ecosystem.Index;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Web.Dashboard;
using AIoT.Host.Web.Ecosystem;
using AIoT.Host.Web.Live;
using Orleans;
using AIoT.Mqtt.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace AIoT.Host.Web;

/// <summary>The host's HTTP side: the dashboard at /, the API under /api, the Orleans Dashboard at /dashboard and MQTT over WebSocket at /mqtt.</summary>
internal static class WebServer
{
    public static void Map(WebApplication app, string? apiToken, DeviceProvisioner provisioner, IGrainFactory grains, MqttBroker? broker, MqttConnectionInfo mqtt, IEcosystemIndex index, IDeviceDirectory directory, OverviewSampler overview)
    {
        app.Use(RequestGuard.For(apiToken));
        app.UseWebSockets();
        DashboardFiles.Map(app);
        SessionApi.Map(app, apiToken);
        HealthApi.Map(app, broker);
        DevicesApi.Map(app, provisioner, grains, mqtt);
        ScenesApi.Map(app, grains);
        var firings = app.Services.GetRequiredService<RecentFirings>();
        EcosystemApi.Map(app, grains, index, directory, overview, firings);
        LiveApi.Map(app, grains, index, overview, firings);
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (broker is not null)
        {
            app.Map("/mqtt", async context =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
                    await context.Response.WriteAsync("MQTT over WebSocket: connect with the 'mqtt' subprotocol.");
                    return;
                }

                var subprotocol = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => p is "mqtt" or "mqttv3.1");
                using var socket = await context.WebSockets.AcceptWebSocketAsync(subprotocol);
                await using var stream = WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false);
                var remote = context.Connection.RemoteIpAddress is { } address ? new IPEndPoint(address, context.Connection.RemotePort) : null;
                // Ends with the request or when the host stops, so shutdown does not wait on connected clients.
                using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
                await broker.ServeAsync(stream, remote, ended.Token);
            });
        }
    }

    /// <summary>The port Kestrel bound for the scheme (http or https), once started; the options may have asked for port 0.</summary>
    public static int BoundPort(WebApplication app, string scheme) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address))
            .First(uri => uri.Scheme == scheme).Port;
}
