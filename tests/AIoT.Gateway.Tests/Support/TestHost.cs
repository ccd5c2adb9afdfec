using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Hosting;
using AIoT.Mqtt.Client;
using Microsoft.Extensions.Logging;

namespace AIoT.Gateway.Tests.Support;

/// <summary>A whole aiot host in-process: in-memory grains, no demo homes, broker and HTTP on free loopback ports.</summary>
internal static class TestHost
{
    public static Task<RunningHost> StartAsync(bool? allowAnonymous = null, string? externalBroker = null, bool homeAssistant = false, string? apiToken = null, Action<Orleans.Hosting.ISiloBuilder>? configureSilo = null) =>
        new AiotHost(new HostSettings
        {
            InMemory = true,
            SiloPort = 0,
            DemoHouseholds = 0,
            Mqtt = "127.0.0.1:0",
            Http = "127.0.0.1:0",
            AllowAnonymous = allowAnonymous,
            ExternalBroker = externalBroker,
            HomeAssistant = homeAssistant,
            ApiToken = apiToken,
            ConfigureSilo = configureSilo,
        }).StartAsync(LoggerFactory.Create(logging =>
        {
            if (Environment.GetEnvironmentVariable("AIOT_TEST_LOG") == "1")
            {
                logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            }
        }));

    public static int MqttPort(this RunningHost host) => host.Broker!.Port;

    public static IDeviceGrain Device(this RunningHost host, string deviceId) => host.Grains.GetGrain<IDeviceGrain>(deviceId);

    public static Task<DeviceProvisionResult> ProvisionAsync(this RunningHost host, string model, string deviceId) =>
        host.Provisioner.AddAsync(new DeviceProvisionRequest(model, "home", "lab", null, deviceId));

    /// <summary>Our own MQTT client, connecting as a device would; no reconnects, so a refusal surfaces.</summary>
    public static Task<MqttClient> ConnectAsync(this RunningHost host, string clientId, string? userName, string? password, AIoT.Mqtt.Packets.MqttProtocolVersion version = AIoT.Mqtt.Packets.MqttProtocolVersion.V500) =>
        ConnectAsync(host.MqttPort(), clientId, userName, password, version);

    public static async Task<MqttClient> ConnectAsync(int port, string clientId, string? userName, string? password, AIoT.Mqtt.Packets.MqttProtocolVersion version = AIoT.Mqtt.Packets.MqttProtocolVersion.V500)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Port = port,
            ClientId = clientId,
            UserName = userName,
            Password = password,
            ProtocolVersion = version,
            AutoReconnect = false,
        });
        try
        {
            await client.ConnectAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls a condition a peer reaches in its own time; fails after a generous bound.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int timeoutMs = 15_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(25);
        }
    }
}
