using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Provisioning;
using System.Threading.Channels;
using AIoT.Gateway.BrokerClient;
using AIoT.Host.Hosting;
using AIoT.Mqtt;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace AIoT.Gateway.Tests.Support;

/// <summary>A whole aiot host in-process: in-memory grains, no demo homes, broker and HTTP on free loopback ports.</summary>
internal static class TestHost
{
    public static Task<RunningHost> StartAsync(bool? allowAnonymous = null, string? externalBroker = null, bool homeAssistant = false, string? apiToken = null, string? externalBrokerCa = null, Action<Orleans.Hosting.ISiloBuilder>? configureSilo = null) =>
        new AiotHost(new HostSettings
        {
            InMemory = true,
            SiloPort = 0,
            DemoHouseholds = 0,
            Mqtt = "127.0.0.1:0",
            Http = "127.0.0.1:0",
            AllowAnonymous = allowAnonymous,
            ExternalBroker = externalBroker,
            ExternalBrokerCaFile = externalBrokerCa,
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

    /// <summary>A host on a data folder of SQLite files, as a user runs it: the same folder again is a restart.</summary>
    public static Task<RunningHost> StartOnDataAsync(string dataDirectory) => new AiotHost(new HostSettings
    {
        DataDirectory = dataDirectory,
        SiloPort = 0,
        DemoHouseholds = 0,
        Mqtt = "127.0.0.1:0",
        Http = "off",
    }).StartAsync(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    public static int MqttPort(this RunningHost host) => host.Broker!.Port;

    public static IDeviceGrain Device(this RunningHost host, string deviceId) => host.Grains.GetGrain<IDeviceGrain>(deviceId);

    public static Task<DeviceProvisionResult> ProvisionAsync(this RunningHost host, string model, string deviceId) =>
        host.Provisioner.AddAsync(new DeviceProvisionRequest(model, "home", "lab", null, deviceId));

    /// <summary>An MQTTnet client connecting as a device would; no reconnects. A refused connection fails the test with the broker's code.</summary>
    public static Task<IMqttClient> ConnectAsync(this RunningHost host, string clientId, string? userName, string? password, AIoT.Mqtt.Packets.MqttProtocolVersion version = AIoT.Mqtt.Packets.MqttProtocolVersion.V500, Action<MqttClientOptionsBuilder>? configure = null) =>
        ConnectAsync(host.MqttPort(), clientId, userName, password, version, configure);

    public static async Task<IMqttClient> ConnectAsync(int port, string clientId, string? userName, string? password, AIoT.Mqtt.Packets.MqttProtocolVersion version = AIoT.Mqtt.Packets.MqttProtocolVersion.V500, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(port, clientId, userName, password, version, configure));
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            Assert.Fail($"{clientId} was refused: {result.ResultCode}");
        }

        return client;
    }

    /// <summary>Connects expecting a refusal; returns the code the broker refused with (fails the test if it let the client in).</summary>
    public static async Task<MqttClientConnectResultCode> RefusedConnectAsync(this RunningHost host, string clientId, string? userName, string? password, AIoT.Mqtt.Packets.MqttProtocolVersion version = AIoT.Mqtt.Packets.MqttProtocolVersion.V500, Action<MqttClientOptionsBuilder>? configure = null)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(host.MqttPort(), clientId, userName, password, version, configure));
        Assert.False(result.ResultCode == MqttClientConnectResultCode.Success, $"{clientId} was let in");
        return result.ResultCode;
    }

    /// <summary>Every message the client receives, copied out of MQTTnet's buffers into our message type.</summary>
    public static Channel<MqttMessage> Inbox(this IMqttClient client)
    {
        var inbox = Channel.CreateUnbounded<MqttMessage>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            inbox.Writer.TryWrite(MqttNetMessages.ToMessage(e.ApplicationMessage));
            return Task.CompletedTask;
        };
        return inbox;
    }

    /// <summary>Leaves as a device that says goodbye: DISCONNECT, so no will; then the client is disposed.</summary>
    public static async Task LeaveAsync(this IMqttClient client)
    {
        await client.DisconnectAsync();
        client.Dispose();
    }

    private static MqttClientOptions Options(int port, string clientId, string? userName, string? password, AIoT.Mqtt.Packets.MqttProtocolVersion version, Action<MqttClientOptionsBuilder>? configure)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(version == AIoT.Mqtt.Packets.MqttProtocolVersion.V500 ? MQTTnet.Formatter.MqttProtocolVersion.V500 : MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (userName is not null)
        {
            builder.WithCredentials(userName, password);
        }

        configure?.Invoke(builder);
        return builder.Build();
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
