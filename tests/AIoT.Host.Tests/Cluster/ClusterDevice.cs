using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Host.Tests.Cluster;

/// <summary>A registered plug on MQTT 5 that connects to one silo's broker, reports, and answers every set it gets with code 0.</summary>
internal sealed class ClusterDevice : IAsyncDisposable
{
    private readonly Channel<JsonElement> _sets = Channel.CreateUnbounded<JsonElement>();
    private IMqttClient? _client;

    public ClusterDevice(string id, string secret)
    {
        Id = id;
        Secret = secret;
    }

    public string Id { get; }

    public string Secret { get; }

    public ClusterSilo? Silo { get; private set; }

    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>Registers a plug through the silo's HTTP API and returns it, not yet connected.</summary>
    public static async Task<ClusterDevice> RegisterAsync(ClusterSilo silo, string id, string household)
    {
        using var http = silo.Http();
        var response = await http.PostAsync("api/devices", new StringContent(
            JsonSerializer.Serialize(new { model = "cuco.plug.v2eur", household, room = "hall", id }), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"registering {id} on {silo.Name}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return new ClusterDevice(id, json.RootElement.GetProperty("mqtt").GetProperty("password").GetString()!);
    }

    /// <summary>Connects to <paramref name="silo"/>'s broker (leaving any connection before) and subscribes to its commands.</summary>
    public Task ConnectAsync(ClusterSilo silo) => ConnectAsync(silo.MqttPort, silo);

    /// <summary>Connects to the broker on <paramref name="port"/> (mosquitto, which the silos share).</summary>
    public Task ConnectToBrokerAsync(int port) => ConnectAsync(port, null);

    private async Task ConnectAsync(int port, ClusterSilo? silo)
    {
        if (_client is not null)
        {
            _client.Dispose();
        }

        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(Id)
            .WithCredentials(Id, Secret)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic($"aiot/{Id}/status")
            .WithWillPayload("offline")
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain()
            .Build();
        var connected = await client.ConnectAsync(options);
        Assert.True(connected.ResultCode == MqttClientConnectResultCode.Success, $"{Id} connecting to {silo?.Name ?? $"port {port}"}: {connected.ResultCode} {connected.ReasonString}");
        await client.SubscribeAsync($"aiot/{Id}/set", MqttQualityOfServiceLevel.AtLeastOnce);
        // The birth message of the contract: on a shared broker it reaches every silo, so each knows the device is online.
        await client.PublishStringAsync($"aiot/{Id}/status", "online", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
        _client = client;
        Silo = silo;
    }

    /// <summary>Publishes a report at QoS 1; true when the PUBACK says the twin holds it.</summary>
    public async Task<bool> TryReportAsync(string json)
    {
        if (_client is not { IsConnected: true } client)
        {
            return false;
        }

        try
        {
            var result = await client.PublishStringAsync($"aiot/{Id}/report", json, MqttQualityOfServiceLevel.AtLeastOnce);
            return result.IsSuccess;
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    public async Task ReportAsync(string json) =>
        Assert.True(await TryReportAsync(json), $"{Id} reporting {json} through {Silo?.Name}: no successful PUBACK");

    /// <summary>The next set command the device receives that sets <paramref name="key"/>: its value.</summary>
    public async Task<JsonElement> NextSetAsync(string key, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                var set = await _sets.Reader.ReadAsync(timeout.Token);
                if (set.TryGetProperty(key, out var value))
                {
                    return value;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Id} (connected to {Silo?.Name}) received no set within {within.TotalSeconds} s.");
            throw;
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        using var json = JsonDocument.Parse(e.ApplicationMessage.ConvertPayloadToString());
        _sets.Writer.TryWrite(json.RootElement.GetProperty("set").Clone());
        var reply = JsonSerializer.Serialize(new { id = json.RootElement.GetProperty("id").GetInt64(), code = 0 });
        // QoS 0: a QoS 1 publish awaited inside the receive handler would wait on a PUBACK the same loop must read.
        await _client!.PublishStringAsync(e.ApplicationMessage.ResponseTopic ?? $"aiot/{Id}/set/reply", reply, MqttQualityOfServiceLevel.AtMostOnce);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync();
            }

            client.Dispose();
        }
    }
}
