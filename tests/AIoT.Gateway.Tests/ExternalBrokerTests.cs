using System.Text.Json;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Gateway.Tests.Support;
using AIoT.Host.Hosting;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Gateway.Tests;

/// <summary>--broker mqtt://... or mqtts://...: the gateway joins Debian's mosquitto as a client (MQTTnet); devices talk to mosquitto.</summary>
public sealed class ExternalBrokerTests
{
    [Fact]
    public async Task Through_mosquitto_reports_reach_the_twin_and_sets_reach_the_device()
    {
        using var mosquitto = new MosquittoBroker();
        await mosquitto.StartAsync();
        await using var host = await TestHost.StartAsync(externalBroker: $"mqtt://127.0.0.1:{mosquitto.Port}");
        Assert.Null(host.Broker);
        await host.ProvisionAsync("cuco.plug.v2eur", "plug-ext");

        using var device = await TestHost.ConnectAsync(mosquitto.Port, "plug-ext", null, null, MqttProtocolVersion.V311);
        var commands = device.Inbox();
        await device.SubscribeAsync("aiot/plug-ext/set", MqttQualityOfServiceLevel.AtLeastOnce);
        await device.PublishStringAsync("aiot/plug-ext/report", """{"2.1": true, "11.2": 1500.5}""", MqttQualityOfServiceLevel.AtLeastOnce);
        await TestHost.EventuallyAsync(async () => (await host.Device("plug-ext").GetTwin())["11.2"]?.AsDouble() == 1500.5, $"the report reached the twin through mosquitto. Mosquitto:\n{mosquitto.Log}");

        await host.Device("plug-ext").SetProperty("switch.on", PropertyValue.Of(false));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var set = JsonDocument.Parse((await commands.Reader.ReadAsync(timeout.Token)).Payload);
        Assert.False(set.RootElement.GetProperty("set").GetProperty("2.1").GetBoolean());
    }

    [Fact]
    public async Task Two_gateway_nodes_split_the_devices_messages_through_a_shared_subscription()
    {
        using var mosquitto = new MosquittoBroker();
        await mosquitto.StartAsync();
        await using var first = await TestHost.StartAsync(externalBroker: $"mqtt://127.0.0.1:{mosquitto.Port}");
        await using var second = await TestHost.StartAsync(externalBroker: $"mqtt://127.0.0.1:{mosquitto.Port}");
        const int Devices = 20;
        foreach (var host in new[] { first, second })
        {
            for (var i = 0; i < Devices; i++)
            {
                await host.ProvisionAsync("cuco.plug.v2eur", $"plug-{i}");
            }
        }

        using var publisher = await TestHost.ConnectAsync(mosquitto.Port, "reporter", null, null);
        for (var i = 0; i < Devices; i++)
        {
            await publisher.PublishStringAsync($"aiot/plug-{i}/report", """{"11.2": 42.5}""", MqttQualityOfServiceLevel.AtLeastOnce);
        }

        async Task<int> ReportedAsync(RunningHost host)
        {
            var count = 0;
            for (var i = 0; i < Devices; i++)
            {
                count += (await host.Device($"plug-{i}").GetTwin())["11.2"]?.AsDouble() == 42.5 ? 1 : 0;
            }

            return count;
        }

        await TestHost.EventuallyAsync(async () => await ReportedAsync(first) + await ReportedAsync(second) == Devices, "every report landed on one node");
        Assert.InRange(await ReportedAsync(first), 1, Devices - 1);
        Assert.InRange(await ReportedAsync(second), 1, Devices - 1);
    }

    [Fact]
    public async Task Over_tls_with_the_brokers_ca_reports_reach_the_twin_through_the_shared_subscription()
    {
        using var certificates = new TestCertificates();
        using var mosquitto = new MosquittoBroker(certFile: certificates.BrokerCertFile, keyFile: certificates.BrokerKeyFile);
        await mosquitto.StartAsync();
        await using var host = await TestHost.StartAsync(externalBroker: $"mqtts://127.0.0.1:{mosquitto.Port}", externalBrokerCa: certificates.CaFile);
        await host.ProvisionAsync("cuco.plug.v2eur", "plug-tls");

        using var device = await TestHost.ConnectAsync(mosquitto.Port, "plug-tls", null, null, MqttProtocolVersion.V311, options => options
            .WithTlsOptions(tls => tls.UseTls().WithTrustChain([System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(certificates.CaFile))])));
        await device.PublishStringAsync("aiot/plug-tls/report", """{"11.2": 7.5}""", MqttQualityOfServiceLevel.AtLeastOnce);

        await TestHost.EventuallyAsync(async () => (await host.Device("plug-tls").GetTwin())["11.2"]?.AsDouble() == 7.5, $"the report reached the twin over TLS. Mosquitto:\n{mosquitto.Log}");
    }

    [Fact]
    public async Task A_broker_whose_certificate_is_not_trusted_is_a_start_error_naming_broker_and_the_fingerprint()
    {
        using var certificates = new TestCertificates();
        using var mosquitto = new MosquittoBroker(certFile: certificates.BrokerCertFile, keyFile: certificates.BrokerKeyFile);
        await mosquitto.StartAsync();

        var error = await Assert.ThrowsAsync<HostStartException>(() => TestHost.StartAsync(externalBroker: $"mqtts://127.0.0.1:{mosquitto.Port}"));

        Assert.StartsWith("--broker:", error.Message, StringComparison.Ordinal);
        Assert.Contains(certificates.BrokerFingerprint, error.Message, StringComparison.Ordinal);
    }
}
