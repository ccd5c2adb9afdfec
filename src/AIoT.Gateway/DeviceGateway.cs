using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Commands;
using AIoT.Gateway.Connectivity;
using AIoT.Gateway.Contract;
using AIoT.Gateway.Diagnostics;
using AIoT.Gateway.Provisioning;
using AIoT.Gateway.HomeAssistant;
using AIoT.Gateway.Transport;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using Microsoft.Extensions.Logging;

namespace AIoT.Gateway;

/// <summary>
/// Relays between devices speaking docs/mqtt-contract.md and their device grains.
/// Device to twin: reports, events, status and command replies land on the grain, checked against the spec; refusals go back on aiot/{id}/error.
/// Twin to device: while a device is connected the gateway observes its grain; a change made by a command (scene, API, dashboard)
/// becomes a set on aiot/{id}/set, an action invoked on the grain an action on aiot/{id}/action. A device that refuses a set gets its
/// twin restored to what it was before.
/// </summary>
public sealed class DeviceGateway : IDeviceObserver, IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly IGatewayTransport _transport;
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DeviceCatalog _catalog;
    private readonly GatewayMetrics _metrics;
    private readonly DeviceActivitySummary _activity;
    private readonly ConcurrentDictionary<string, ConnectedDevice> _connected = new(StringComparer.Ordinal);
    private readonly PendingCommands _pending = new();
    private readonly Channel<MqttMessage> _outbound = Channel.CreateUnbounded<MqttMessage>(new UnboundedChannelOptions { SingleReader = true });
    private IDeviceObserver? _self;
    private readonly SemaphoreSlim[] _deviceGates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private const int MaxQueuedOutbound = 100_000;
    private volatile bool _stopping;
    private int _queuedOutbound;
    private int _handling;
    private ITimer? _housekeeping;
    private Task? _sender;
    private readonly IDeviceDirectory? _directory;
    private readonly CancellationTokenSource _sweepStop = new();
    private Task _sweep = Task.CompletedTask;

    /// <param name="directory">The registered devices; with it, twins left online by the last run are set right after the start.</param>
    public DeviceGateway(IGrainFactory grains, IGatewayTransport transport, GatewayOptions options, ILogger logger, TimeProvider? time = null, DeviceCatalog? catalog = null, IDeviceDirectory? directory = null)
    {
        _directory = directory;
        _catalog = catalog ?? DeviceCatalog.Default;
        _grains = grains;
        _transport = transport;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _metrics = new GatewayMetrics(() => _connected.Count);
        _activity = new DeviceActivitySummary(logger, options.LogSummaryInterval, _time);
    }

    public int ConnectedDevices => _connected.Count;

    /// <summary>Completes when the twins left online by the last run have been set right.</summary>
    internal Task StartupCheck => _sweep;

    public string Description => _transport.Description;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _self = _grains.CreateObjectReference<IDeviceObserver>(this);
        _sender = SendLoopAsync();
        _transport.ClientDisconnected += OnClientDisconnected;
        await _transport.StartAsync(HandleAsync, cancellationToken);
        var period = TimeSpan.FromSeconds(1);
        _housekeeping = _time.CreateTimer(_ => _ = HousekeepingAsync(), null, period, period);
        if (_directory is not null)
        {
            var sweep = new StaleOnlineSweep(_grains, _directory, _connected.ContainsKey, ForgetConnectedAsync, _logger);
            _sweep = Task.Run(() => sweep.RunAsync(_sweepStop.Token), CancellationToken.None);
        }

        _logger.LogInformation("Device gateway relaying aiot/{{device id}}/... on the {Transport}", _transport.Description);
    }

    /// <summary>One device-to-platform message; never throws, so one device's bad payload cannot hurt the others.</summary>
    public async ValueTask HandleAsync(MqttMessage message)
    {
        if (_stopping || !DeviceTopics.TryParse(message.Topic, out var deviceId, out var kind) || !DeviceTopics.ToPlatform.Contains(kind))
        {
            return;
        }

        Interlocked.Increment(ref _handling);
        try
        {
            await HandleCoreAsync(message, deviceId, kind);
        }
        finally
        {
            Interlocked.Decrement(ref _handling);
        }
    }

    private async Task HandleCoreAsync(MqttMessage message, string deviceId, DeviceTopicKind kind)
    {
        var kindName = kind.ToString().ToLowerInvariant();
        _metrics.MessagesReceived.Add(1, new KeyValuePair<string, object?>("kind", kindName));
        using var activity = GatewayTracing.StartReceived(deviceId, message.Topic, kindName);
        try
        {
            switch (kind)
            {
                case DeviceTopicKind.Status:
                    await OnStatusAsync(deviceId, message);
                    break;
                case DeviceTopicKind.Report:
                    await OnReportAsync(deviceId, message);
                    break;
                case DeviceTopicKind.Event:
                    await OnEventAsync(deviceId, message);
                    break;
                case DeviceTopicKind.SetReply:
                    await OnSetReplyAsync(deviceId, message);
                    break;
                case DeviceTopicKind.ActionReply:
                    OnActionReply(deviceId, message);
                    break;
                case DeviceTopicKind.TwinSet:
                    await OnTwinSetAsync(deviceId, message);
                    break;
            }
        }
        catch (ContractException ex)
        {
            Refuse(deviceId, message.Topic, [new RefusedItem(null, MiotCodes.PropertyValueError, ex.Message)]);
        }
        catch (DeviceException ex)
        {
            Refuse(deviceId, message.Topic, [new RefusedItem(null, ex.Code, ex.Message)]);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Handling {Topic} from {DeviceId} failed", message.Topic, deviceId);
            Refuse(deviceId, message.Topic, [new RefusedItem(null, MiotCodes.InternalError, "The platform could not handle this message; see the host's log.")]);
        }
    }

    public void OnPropertiesChanged(string deviceId, IReadOnlyList<TwinProperty> changes, ChangeSource source)
    {
        if (!_connected.TryGetValue(deviceId, out var device))
        {
            return;
        }

        var previous = device.Remember(changes);
        if (_options.HomeAssistantDiscovery)
        {
            PublishState(deviceId, device);
        }

        if (source != ChangeSource.Command || !SendsCommandsFor(deviceId))
        {
            return;
        }

        // A set too large for a small device's packet goes as several, each answered and undone on its own.
        var writes = changes.Select(c => new PropertyWrite(c.Key, c.Value)).ToList();
        foreach (var batch in SetSplitter.Split(writes, DevicePacketBudget.ForCommand(deviceId, DeviceTopicKind.Set, DeviceTopicKind.SetReply)))
        {
            var id = _pending.NextId();
            var before = batch.Where(w => previous.ContainsKey(w.Key)).ToDictionary(w => w.Key, w => previous[w.Key], StringComparer.Ordinal);
            _pending.Add(new PendingCommand(id, deviceId, "set", before, _time.GetUtcNow()));
            Send(deviceId, DeviceTopicKind.Set, DeviceTopicKind.SetReply, id, ContractJson.WriteSet(new SetCommand(id, batch)));
        }
    }

    public void OnActionInvoked(string deviceId, string actionKey, IReadOnlyList<PropertyValue> inputs)
    {
        if (!_connected.ContainsKey(deviceId) || !SendsCommandsFor(deviceId))
        {
            return;
        }

        var id = _pending.NextId();
        _pending.Add(new PendingCommand(id, deviceId, $"action {actionKey}", new Dictionary<string, PropertyValue>(), _time.GetUtcNow()));
        Send(deviceId, DeviceTopicKind.Action, DeviceTopicKind.ActionReply, id, ContractJson.WriteAction(new ActionCommand(id, DeviceTopics.NumericKey(actionKey), inputs)));
    }

    private bool SendsCommandsFor(string deviceId) => _options.SendsCommandsFor?.Invoke(deviceId) ?? true;

    public void OnEvent(DeviceEventRecord deviceEvent)
    {
    }

    public void OnOnlineChanged(string deviceId, bool online)
    {
    }

    public async ValueTask DisposeAsync()
    {
        // Stop taking messages and let those in hand finish first, so that no late report marks a device online again
        // after it was marked offline below.
        _stopping = true;
        _transport.ClientDisconnected -= OnClientDisconnected;
        _housekeeping?.Dispose();
        await _sweepStop.CancelAsync();
        await _sweep;
        _sweepStop.Dispose();
        var deadline = Environment.TickCount64 + 5000;
        while (Volatile.Read(ref _handling) > 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        foreach (var deviceId in _connected.Keys)
        {
            await DisconnectAsync(deviceId);
        }

        _outbound.Writer.TryComplete();
        if (_sender is not null)
        {
            await _sender;
        }

        await _transport.DisposeAsync();
        // After the devices above went offline, so the last line counts them.
        _activity.Dispose();
        _metrics.Dispose();
        if (_self is not null)
        {
            _grains.DeleteObjectReference<IDeviceObserver>(_self);
        }
    }

    private async Task OnStatusAsync(string deviceId, MqttMessage message)
    {
        var status = Encoding.UTF8.GetString(message.Payload.Span).Trim();
        if (status.Equals(DeviceTopics.Online, StringComparison.OrdinalIgnoreCase))
        {
            await ConnectAsync(deviceId);
        }
        else if (status.Equals(DeviceTopics.Offline, StringComparison.OrdinalIgnoreCase))
        {
            await DisconnectAsync(deviceId);
        }
        else if (status.Length == 0)
        {
            // Someone cleared the retained status; that says nothing about the device.
        }
        else
        {
            throw new ContractException($"A status is \"{DeviceTopics.Online}\" or \"{DeviceTopics.Offline}\", not \"{Truncate(status)}\".");
        }
    }

    private async Task OnReportAsync(string deviceId, MqttMessage message)
    {
        var reports = ContractJson.ReadReport(message.Payload);
        var device = await ConnectAsync(deviceId);
        var results = await device.Grain.ReportProperties(reports);
        var refused = results.Where(r => !r.IsOk).Select(r => new RefusedItem(r.Key, r.Code, r.Error ?? MiotCodes.Describe(r.Code))).ToList();
        if (refused.Count > 0)
        {
            Refuse(deviceId, message.Topic, refused);
        }
    }

    private async Task OnEventAsync(string deviceId, MqttMessage message)
    {
        var report = ContractJson.ReadEvent(message.Payload);
        var device = await ConnectAsync(deviceId);
        await device.Grain.RaiseEvent(report.Event, report.Arguments);
    }

    private async Task OnSetReplyAsync(string deviceId, MqttMessage message)
    {
        var reply = ContractJson.ReadSetReply(message.Payload, ContractJson.IdFromCorrelation(message.Properties?.CorrelationData));
        var command = _pending.Complete(reply.Id, deviceId);
        if (command is null)
        {
            _logger.LogDebug("{DeviceId} answered set #{Id}, which is not pending (answered already or timed out)", deviceId, reply.Id);
            return;
        }

        var spec = _connected.TryGetValue(deviceId, out var device) ? _catalog.Find(device.Twin.Model) : null;
        var results = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, result) in reply.Results)
        {
            // Devices may answer by alias as well as by "siid.piid".
            results[spec?.ResolveProperty(name)?.Key ?? name] = result;
        }

        var restore = new List<PropertyWrite>();
        foreach (var (key, previous) in command.Previous)
        {
            var code = results.TryGetValue(key, out var own) ? own : reply.Code ?? MiotCodes.Ok;
            if (code is not (MiotCodes.Ok or MiotCodes.Accepted))
            {
                restore.Add(new PropertyWrite(key, previous));
                _logger.LogDebug("{DeviceId} refused set #{Id} of {Key}: {Code} ({Meaning}); the twin goes back to {Previous}", deviceId, reply.Id, key, code, MiotCodes.Describe(code), previous);
            }
        }

        if (restore.Count > 0)
        {
            _metrics.CommandsFailed.Add(1);
            _activity.CommandRefused();
            await _grains.GetGrain<IDeviceGrain>(deviceId).ReportProperties(restore);
        }
    }

    /// <summary>Home Assistant (or any tool) setting the twin; the gateway relays it to the device like any command.</summary>
    private async Task OnTwinSetAsync(string deviceId, MqttMessage message)
    {
        var writes = ContractJson.ReadReport(message.Payload);
        var results = await _grains.GetGrain<IDeviceGrain>(deviceId).SetProperties(writes);
        foreach (var refused in results.Where(r => !r.IsOk))
        {
            _metrics.ItemsRefused.Add(1);
            _activity.TwinSetRefused();
            _logger.LogDebug("Refused twin/set of {DeviceId} {Key}: {Code} {Message}", deviceId, refused.Key, refused.Code, refused.Error);
        }
    }

    private void PublishState(string deviceId, ConnectedDevice device) =>
        Enqueue(new MqttMessage
        {
            Topic = DeviceTopics.For(deviceId, DeviceTopicKind.State),
            Payload = ContractJson.WriteValues(device.Snapshot()),
            Qos = MqttQos.AtMostOnce,
            Retain = true,
        });

    private void OnActionReply(string deviceId, MqttMessage message)
    {
        var reply = ContractJson.ReadActionReply(message.Payload, ContractJson.IdFromCorrelation(message.Properties?.CorrelationData));
        if (_pending.Complete(reply.Id, deviceId) is not { } command)
        {
            _logger.LogDebug("{DeviceId} answered action #{Id}, which is not pending", deviceId, reply.Id);
            return;
        }

        if (reply.Code is not (MiotCodes.Ok or MiotCodes.Accepted))
        {
            _metrics.CommandsFailed.Add(1);
            _activity.CommandRefused();
            _logger.LogDebug("{DeviceId} failed {What} (#{Id}): {Code} ({Meaning})", deviceId, command.What, reply.Id, reply.Code, MiotCodes.Describe(reply.Code));
        }
    }

    /// <summary>Marks the device online and, the first time, starts relaying its twin's commands to it.</summary>
    private async Task<ConnectedDevice> ConnectAsync(string deviceId)
    {
        if (_connected.TryGetValue(deviceId, out var known))
        {
            return known;
        }

        // Connecting and disconnecting one device never interleave (its status and its reports may arrive together).
        var gate = GateOf(deviceId);
        await gate.WaitAsync();
        try
        {
            if (_connected.TryGetValue(deviceId, out known))
            {
                return known;
            }

            var grain = _grains.GetGrain<IDeviceGrain>(deviceId);
            // Subscribed before the twin is read, so no change falls between the snapshot and the notifications.
            await grain.Subscribe(_self!);
            var twin = await grain.GetTwin();
            var device = new ConnectedDevice(grain, twin, _time.GetUtcNow());
            // Noted before the twin says online: a survivor taking over a dead silo's devices then sees this one is back.
            await NoteConnectedAsync(deviceId, true);
            await grain.SetOnline(true);
            _connected[deviceId] = device;
            _activity.WentOnline();
            _logger.LogDebug("{DeviceId} ({Model}) is online", deviceId, twin.Model);
            if (_options.HomeAssistantDiscovery && _catalog.Find(twin.Model) is { } spec)
            {
                foreach (var config in HomeAssistantDiscovery.For(deviceId, twin.Name, spec))
                {
                    Enqueue(new MqttMessage { Topic = config.Topic, Payload = config.Payload, Qos = MqttQos.AtLeastOnce, Retain = true });
                }

                PublishState(deviceId, device);
            }

            return device;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task DisconnectAsync(string deviceId)
    {
        var gate = GateOf(deviceId);
        await gate.WaitAsync();
        try
        {
            var grain = _grains.GetGrain<IDeviceGrain>(deviceId);
            if (_connected.TryRemove(deviceId, out _))
            {
                RecordConnected(deviceId, false);
                await grain.Unsubscribe(_self!);
                _activity.WentOffline();
                _logger.LogDebug("{DeviceId} is offline", deviceId);
            }

            try
            {
                await grain.SetOnline(false);
            }
            catch (DeviceException ex) when (ex.Code == MiotCodes.DeviceIdError)
            {
                // Removed meanwhile: there is no twin left to mark.
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Queued in the order of connects and disconnects (both run under the device's gate); a lost note only leaves the twin for the next start to check.</summary>
    private void RecordConnected(string deviceId, bool connected) => _ = NoteConnectedAsync(deviceId, connected);

    private async Task NoteConnectedAsync(string deviceId, bool connected)
    {
        if (_directory is null)
        {
            return;
        }

        try
        {
            await _directory.RecordConnectedAsync(deviceId, connected);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not note {DeviceId} as {State} in the device directory", deviceId, connected ? "connected" : "disconnected");
        }
    }

    private async Task ForgetConnectedAsync(string deviceId)
    {
        var gate = GateOf(deviceId);
        await gate.WaitAsync();
        try
        {
            if (!_connected.ContainsKey(deviceId))
            {
                await NoteConnectedAsync(deviceId, false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private SemaphoreSlim GateOf(string deviceId) => _deviceGates[(StringComparer.Ordinal.GetHashCode(deviceId) & int.MaxValue) % _deviceGates.Length];

    /// <summary>
    /// A removed device: stop relaying to it and clear what was retained about it (its status, its state and, with
    /// Home Assistant discovery, its entities), so nothing shows a device that no longer exists.
    /// </summary>
    public void Forget(string deviceId, string model)
    {
        _connected.TryRemove(deviceId, out _);
        var retained = new List<string> { DeviceTopics.For(deviceId, DeviceTopicKind.Status), DeviceTopics.For(deviceId, DeviceTopicKind.State) };
        if (_options.HomeAssistantDiscovery && _catalog.Find(model) is { } spec)
        {
            retained.AddRange(HomeAssistantDiscovery.For(deviceId, deviceId, spec).Select(config => config.Topic));
        }

        foreach (var topic in retained)
        {
            // An empty retained message deletes the retained one (and, for Home Assistant, the entity).
            Enqueue(new MqttMessage { Topic = topic, Payload = ReadOnlyMemory<byte>.Empty, Qos = MqttQos.AtLeastOnce, Retain = true });
        }
    }

    /// <summary>A device that left without a will (a clean DISCONNECT) still goes offline, and its retained status says so.</summary>
    private void OnClientDisconnected(string clientId)
    {
        if (_connected.ContainsKey(clientId))
        {
            Enqueue(new MqttMessage
            {
                Topic = DeviceTopics.For(clientId, DeviceTopicKind.Status),
                Payload = Encoding.UTF8.GetBytes(DeviceTopics.Offline),
                Qos = MqttQos.AtLeastOnce,
                Retain = true,
            });
        }
    }

    private void Send(string deviceId, DeviceTopicKind kind, DeviceTopicKind replyKind, long id, byte[] payload)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant());
        _metrics.CommandsSent.Add(1, kindTag);
        var topic = DeviceTopics.For(deviceId, kind);
        using var activity = GatewayTracing.StartCommand(deviceId, topic, (string)kindTag.Value!, id);
        var responseTopic = DeviceTopics.For(deviceId, replyKind);
        var correlation = ContractJson.CorrelationFor(id);
        var size = DevicePacketBudget.PacketBytes(topic, payload.Length, withPacketId: true, responseTopic, correlation.Length);
        if (size > DevicePacketBudget.MaxPacketBytes)
        {
            // Only one long value (a string property, an action's text) gets here; it cannot be split, so it goes whole.
            _metrics.CommandsOversized.Add(1, kindTag);
            _logger.LogWarning(
                "{Kind} #{Id} to {DeviceId} takes up to {Size} bytes, more than the {Limit} a small device takes (PubSubClient's default drops it unseen)",
                kindTag.Value, id, deviceId, size, DevicePacketBudget.MaxPacketBytes);
        }

        Enqueue(new MqttMessage
        {
            Topic = topic,
            Payload = payload,
            Qos = MqttQos.AtLeastOnce,
            Properties = new MqttProperties { ResponseTopic = responseTopic, CorrelationData = correlation },
        });
    }

    private void Refuse(string deviceId, string topic, IReadOnlyList<RefusedItem> refused)
    {
        _metrics.ItemsRefused.Add(refused.Count);
        _activity.MessageRefused();
        GatewayTracing.MarkRefused(refused.Count, refused[0].Message);
        var first = refused[0];
        _logger.LogDebug(
            "Refused {Count} item(s) from {DeviceId} on {Topic}; first: {Key} {Code} {Message}",
            refused.Count, deviceId, topic, first.Key ?? "-", first.Code, first.Message);

        Enqueue(new MqttMessage
        {
            Topic = DeviceTopics.For(deviceId, DeviceTopicKind.Error),
            Payload = ContractJson.WriteError(topic, refused, DevicePacketBudget.ForError(deviceId)),
            Qos = MqttQos.AtMostOnce,
        });
    }

    /// <summary>
    /// Queues a message for the send loop. Past <see cref="MaxQueuedOutbound"/> waiting (a broker that stopped taking
    /// them), QoS 0 messages (state, errors) are dropped and counted; commands are kept.
    /// </summary>
    private void Enqueue(MqttMessage message)
    {
        if (message.Qos == MqttQos.AtMostOnce && Volatile.Read(ref _queuedOutbound) >= MaxQueuedOutbound)
        {
            _metrics.OutboundDropped.Add(1);
            return;
        }

        Interlocked.Increment(ref _queuedOutbound);
        _outbound.Writer.TryWrite(message);
    }

    private async Task SendLoopAsync()
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync())
        {
            Interlocked.Decrement(ref _queuedOutbound);
            try
            {
                await _transport.PublishAsync(message);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Could not publish {Topic}", message.Topic);
            }
        }
    }

    private async Task HousekeepingAsync()
    {
        var now = _time.GetUtcNow();
        foreach (var command in _pending.Expire(now - _options.CommandTimeout))
        {
            _metrics.CommandsUnanswered.Add(1);
            _activity.CommandUnanswered();
            _logger.LogDebug("{DeviceId} did not answer {What} #{Id} within {Timeout}", command.DeviceId, command.What, command.Id, _options.CommandTimeout);
        }

        foreach (var (deviceId, device) in _connected)
        {
            if (now - device.SubscribedAt >= _options.ObserverRenewal)
            {
                device.SubscribedAt = now;
                try
                {
                    await _grains.GetGrain<IDeviceGrain>(deviceId).Subscribe(_self!);
                }
                catch (Exception ex)
                {
                    _logger.LogWarning(ex, "Could not renew the gateway's subscription to {DeviceId}", deviceId);
                }
            }
        }
    }

    private static string Truncate(string text) => CompactError.Cut(text, 41)!;
}
