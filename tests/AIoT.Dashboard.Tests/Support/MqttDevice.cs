using System.Buffers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Dashboard.Tests.Support;

/// <summary>
/// A device on MQTT as docs/mqtt-contract.md has it, registered into a household through POST /api/devices and connected
/// with MQTTnet: it reports on aiot/{id}/report and hears the sets the platform sends on aiot/{id}/set.
/// </summary>
public sealed class MqttDevice : IAsyncDisposable
{
    private static readonly TimeSpan CommandWait = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client;
    private readonly Channel<SetCommand> _sets = Channel.CreateUnbounded<SetCommand>();

    private MqttDevice(string id, IMqttClient client)
    {
        Id = id;
        _client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == $"aiot/{id}/set")
            {
                using var command = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray());
                _sets.Writer.TryWrite(new SetCommand(command.RootElement.GetProperty("id").GetInt64(), command.RootElement.GetProperty("set").Clone()));
            }

            return Task.CompletedTask;
        };
    }

    public string Id { get; }

    /// <summary>Registers the device in a room of a household, connects it and says it is online.</summary>
    public static async Task<MqttDevice> RegisterAsync(DashboardFixture dashboard, string id, string model, string household, string room)
    {
        var response = await dashboard.Http.PostAsJsonAsync("api/devices", new { model, household, room, id, name = $"Test {id}" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/devices {id}: {(int)response.StatusCode} {body}");
        using var credentials = JsonDocument.Parse(body);
        var password = credentials.RootElement.GetProperty("mqtt").GetProperty("password").GetString();

        var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", dashboard.Host.Broker!.Port)
            .WithClientId(id)
            .WithCredentials(id, password)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build());
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            Assert.Fail($"{id} was refused by the broker: {connected.ResultCode}");
        }

        var device = new MqttDevice(id, client);
        await client.SubscribeAsync($"aiot/{id}/set", MqttQualityOfServiceLevel.AtLeastOnce);
        await device.PublishAsync("status", "online", retain: true);
        return device;
    }

    /// <summary>Reports property values ({"2.2": 30}); at QoS 1, so the gateway has them once this returns.</summary>
    public Task ReportAsync(string values) => PublishAsync("report", values);

    /// <summary>Says goodbye as its will would: the platform marks it offline.</summary>
    public Task GoOfflineAsync() => PublishAsync("status", "offline", retain: true);

    /// <summary>The next set the platform sent; fails the test if none comes within 10 s.</summary>
    public async Task<SetCommand> NextSetAsync()
    {
        using var timeout = new CancellationTokenSource(CommandWait);
        try
        {
            return await _sets.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Id} received no set on aiot/{Id}/set within {CommandWait.TotalSeconds} s.");
            throw;
        }
    }

    /// <summary>Answers a set as a device that applied it (code 0) or refused it.</summary>
    public Task ReplyAsync(SetCommand command, int code = 0) => PublishAsync("set/reply", $$"""{"id": {{command.Id}}, "code": {{code}}}""");

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private async Task PublishAsync(string topic, string payload, bool retain = false)
    {
        var result = await _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"aiot/{Id}/{topic}")
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build());
        Assert.True(result.IsSuccess, $"{Id} could not publish on aiot/{Id}/{topic}: {result.ReasonCode} {result.ReasonString}");
    }
}

/// <summary>A set as the device received it: its command id and {"siid.piid": value, ...}.</summary>
public sealed record SetCommand(long Id, JsonElement Set);
