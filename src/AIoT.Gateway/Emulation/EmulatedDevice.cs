using System.Text;
using System.Text.Json;
using AIoT.Ecosystem.Catalog.Model;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Gateway.BrokerClient;
using AIoT.Gateway.Contract;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;

namespace AIoT.Gateway.Emulation;

/// <summary>
/// One emulated device on its own MQTT connection, speaking docs/mqtt-contract.md like real firmware: birth and will,
/// periodic reports with drifting sensor readings, set commands checked against the spec and answered, actions answered.
/// </summary>
public sealed class EmulatedDevice : IAsyncDisposable
{
    private readonly DeviceSpec _spec;
    private readonly Dictionary<string, PropertyValue> _values;
    private readonly Random _random;
    private readonly BrokerConnection _client;
    private readonly EmulatorStatistics _statistics;

    public EmulatedDevice(string deviceId, DeviceSpec spec, BrokerClientOptions connection, int seed, EmulatorStatistics statistics)
    {
        DeviceId = deviceId;
        _spec = spec;
        _random = new Random(seed);
        _statistics = statistics;
        _values = spec.Properties.ToDictionary(p => p.Key, p => EmulatedReadings.Initial(p, deviceId, spec.Model), StringComparer.Ordinal);
        connection.ClientId = deviceId;
        connection.Will = new MqttWill
        {
            Topic = DeviceTopics.For(deviceId, DeviceTopicKind.Status),
            Payload = Encoding.UTF8.GetBytes(DeviceTopics.Offline),
            Qos = MqttQos.AtLeastOnce,
            Retain = true,
        };
        _client = new BrokerConnection(connection) { MessageReceived = OnMessageAsync };
        _client.Connected += () => _ = AnnounceAsync();
    }

    public string DeviceId { get; }

    public bool IsConnected => _client.IsConnected;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The Connected event announces the device, on this connection and after every reconnect.
        await _client.ConnectAsync(cancellationToken);
    }

    /// <summary>Readings drift a little; every notify property is reported in one message.</summary>
    public async Task ReportAsync()
    {
        if (!_client.IsConnected)
        {
            return;
        }

        Dictionary<string, PropertyValue> snapshot;
        lock (_values)
        {
            foreach (var property in _spec.Properties.Where(p => p.Notifies))
            {
                _values[property.Key] = EmulatedReadings.Drift(property, _values[property.Key], _random);
            }

            snapshot = _spec.Properties.Where(p => p.Notifies).ToDictionary(p => p.Key, p => _values[p.Key]);
        }

        try
        {
            await PublishAsync(DeviceTopicKind.Report, ContractJson.WriteValues(snapshot), MqttQos.AtMostOnce);
            _statistics.Reported();
        }
        catch (Exception) when (!_client.IsConnected)
        {
            // The connection dropped; the client reconnects and the next period reports again.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await PublishAsync(DeviceTopicKind.Status, Encoding.UTF8.GetBytes(DeviceTopics.Offline), MqttQos.AtLeastOnce, retain: true);
                await _client.DisconnectAsync();
            }
            catch (Exception)
            {
                // Leaving anyway; the will tells the platform.
            }
        }

        await _client.DisposeAsync();
    }

    private async Task AnnounceAsync()
    {
        try
        {
            await _client.SubscribeAsync(
                new MqttSubscription(DeviceTopics.For(DeviceId, DeviceTopicKind.Set), MqttQos.AtLeastOnce),
                new MqttSubscription(DeviceTopics.For(DeviceId, DeviceTopicKind.Action), MqttQos.AtLeastOnce),
                new MqttSubscription(DeviceTopics.For(DeviceId, DeviceTopicKind.Error), MqttQos.AtMostOnce));
            await PublishAsync(DeviceTopicKind.Status, Encoding.UTF8.GetBytes(DeviceTopics.Online), MqttQos.AtLeastOnce, retain: true);
            await ReportAsync();
        }
        catch (Exception) when (!_client.IsConnected)
        {
            // Disconnected meanwhile; the next connection announces again.
        }
    }

    private async ValueTask OnMessageAsync(MqttMessage message)
    {
        if (!DeviceTopics.TryParse(message.Topic, out _, out var kind))
        {
            return;
        }

        try
        {
            switch (kind)
            {
                case DeviceTopicKind.Set:
                    await OnSetAsync(message);
                    break;
                case DeviceTopicKind.Action:
                    await OnActionAsync(message);
                    break;
                case DeviceTopicKind.Error:
                    _statistics.Refused();
                    break;
            }
        }
        catch (JsonException)
        {
            _statistics.Refused();
        }
    }

    private async Task OnSetAsync(MqttMessage message)
    {
        using var command = JsonDocument.Parse(message.Payload);
        var id = command.RootElement.GetProperty("id").GetInt64();
        var results = new Dictionary<string, int>(StringComparer.Ordinal);
        var applied = new Dictionary<string, PropertyValue>(StringComparer.Ordinal);
        foreach (var item in command.RootElement.GetProperty("set").EnumerateObject())
        {
            var property = _spec.ResolveProperty(item.Name);
            if (property is null)
            {
                results[item.Name] = MiotCodes.NotFound;
                continue;
            }

            var check = PropertyValueValidator.Check(property, item.Value, PropertyUse.Set);
            results[item.Name] = check.Code;
            if (check.IsOk)
            {
                applied[property.Key] = check.Value;
            }
        }

        lock (_values)
        {
            foreach (var (key, value) in applied)
            {
                _values[key] = value;
            }
        }

        _statistics.Answered();
        await ReplyAsync(message, DeviceTopicKind.SetReply, ContractJson.WriteSetReply(id, results));
        if (applied.Count > 0)
        {
            await PublishAsync(DeviceTopicKind.Report, ContractJson.WriteValues(applied), MqttQos.AtLeastOnce);
        }
    }

    private async Task OnActionAsync(MqttMessage message)
    {
        using var command = JsonDocument.Parse(message.Payload);
        var id = command.RootElement.GetProperty("id").GetInt64();
        var key = command.RootElement.GetProperty("action").GetString() ?? "";
        var code = _spec.ResolveAction(key) is null ? MiotCodes.NotFound : MiotCodes.Ok;
        _statistics.Answered();
        await ReplyAsync(message, DeviceTopicKind.ActionReply, ContractJson.WriteActionReply(id, code, []));
    }

    /// <summary>On the response topic with the correlation data when the command came over MQTT 5; else the plain reply topic.</summary>
    private Task ReplyAsync(MqttMessage command, DeviceTopicKind replyKind, byte[] payload)
    {
        var topic = command.Properties?.ResponseTopic ?? DeviceTopics.For(DeviceId, replyKind);
        var properties = command.Properties?.CorrelationData is { } correlation ? new MqttProperties { CorrelationData = correlation } : null;
        return _client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, properties: properties);
    }

    private Task PublishAsync(DeviceTopicKind kind, byte[] payload, MqttQos qos, bool retain = false) =>
        _client.PublishAsync(DeviceTopics.For(DeviceId, kind), payload, qos, retain);
}
