using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIoT.Mqtt.Client;

/// <summary>
/// An MQTT 3.1.1 / 5.0 client: publish at QoS 0/1/2 awaiting the acknowledgement, subscribe, receive, request and
/// response, and reconnection with backoff that restores its subscriptions.
/// </summary>
public sealed class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<MqttPacket>> _pendingAcks = new();
    private readonly ConcurrentDictionary<string, MqttSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MqttMessage>> _requests = new(StringComparer.Ordinal);
    private readonly HashSet<ushort> _incomingQos2 = [];
    private readonly ArrayBufferWriter<byte> _writeBuffer = new(1024);
    private readonly CancellationTokenSource _disposed = new();
    private readonly System.Threading.Channels.Channel<MqttPublishPacket> _inbox = System.Threading.Channels.Channel.CreateUnbounded<MqttPublishPacket>(new() { SingleReader = true });
    private Task? _inboxLoop;
    private TcpClient? _tcp;
    private NetworkStream? _stream;
    private Task? _readLoop;
    private Task? _keepAlive;
    private int _lastPacketId;
    private long _lastSent;
    private bool _userDisconnected;
    private string? _responseTopic;

    public MqttClient(MqttClientOptions options, ILogger? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Called for each message received, in order.</summary>
    public Func<MqttMessage, ValueTask>? MessageReceived { get; set; }

    public bool IsConnected { get; private set; }

    public event Action? Connected;

    public event Action? Disconnected;

    public string ClientId { get; private set; } = "";

    public async Task<MqttConnAckPacket> ConnectAsync(CancellationToken cancellationToken = default)
    {
        _userDisconnected = false;
        return await ConnectCoreAsync(cancellationToken);
    }

    private async Task<MqttConnAckPacket> ConnectCoreAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(_options.Host, _options.Port, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            tcp.Dispose();
            throw new MqttConnectException(MqttReasonCode.ServerUnavailable, $"Cannot reach the broker at {_options.Host}:{_options.Port}: {ex.Message}");
        }

        _tcp = tcp;
        _stream = tcp.GetStream();
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        var v5 = _options.ProtocolVersion == MqttProtocolVersion.V500;
        await SendAsync(new MqttConnectPacket
        {
            ProtocolVersion = _options.ProtocolVersion,
            ClientId = _options.ClientId,
            CleanStart = _options.CleanStart,
            KeepAliveSeconds = _options.KeepAliveSeconds,
            UserName = _options.UserName,
            Password = _options.Password is null ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(_options.Password),
            Will = _options.Will,
            Properties = v5 && _options.SessionExpirySeconds > 0 ? new MqttProperties { SessionExpiryInterval = _options.SessionExpirySeconds } : null,
        });

        var first = await ReadPacketAsync(reader, timeout.Token);
        if (first is not MqttConnAckPacket connAck)
        {
            tcp.Dispose();
            throw new MqttConnectException(MqttReasonCode.ProtocolError, $"The broker answered CONNECT with {first?.Type.ToString() ?? "nothing"}.");
        }

        if (connAck.ReasonCode != MqttReasonCode.Success)
        {
            tcp.Dispose();
            throw new MqttConnectException(connAck.ReasonCode, $"The broker refused the connection: {connAck.ReasonCode}{(connAck.Properties?.ReasonString is { } why ? $" ({why})" : "")}.");
        }

        ClientId = connAck.Properties?.AssignedClientIdentifier ?? _options.ClientId;
        IsConnected = true;
        _inboxLoop ??= InboxLoopAsync();
        _readLoop = ReadLoopAsync(reader, tcp);
        _keepAlive = KeepAliveLoopAsync(tcp);
        if (!connAck.SessionPresent && !_subscriptions.IsEmpty)
        {
            _ = SubscribeCoreAsync([.. _subscriptions.Values]);
        }

        Connected?.Invoke();
        return connAck;
    }

    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtMostOnce, bool retain = false, MqttProperties? properties = null, CancellationToken cancellationToken = default)
    {
        var packet = new MqttPublishPacket { Topic = topic, Payload = payload, Qos = qos, Retain = retain, Properties = _options.ProtocolVersion == MqttProtocolVersion.V500 ? properties : null };
        if (qos == MqttQos.AtMostOnce)
        {
            await SendAsync(packet, cancellationToken);
            return;
        }

        packet.PacketId = NextPacketId();
        var ack = await SendAndAwaitAsync(packet, packet.PacketId, cancellationToken);
        if (qos == MqttQos.ExactlyOnce)
        {
            ThrowIfFailed(ack, topic);
            var release = new MqttPublishAckPacket(MqttPacketType.PubRel) { PacketId = packet.PacketId };
            ack = await SendAndAwaitAsync(release, packet.PacketId, cancellationToken);
        }

        ThrowIfFailed(ack, topic);
    }

    public Task PublishAsync(string topic, string payload, MqttQos qos = MqttQos.AtMostOnce, bool retain = false, CancellationToken cancellationToken = default) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload), qos, retain, null, cancellationToken);

    public async Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(params MqttSubscription[] subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            _subscriptions[subscription.Filter] = subscription;
        }

        return await SubscribeCoreAsync(subscriptions);
    }

    public Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(string filter, MqttQos qos = MqttQos.AtMostOnce) => SubscribeAsync(new MqttSubscription(filter, qos));

    private async Task<IReadOnlyList<MqttReasonCode>> SubscribeCoreAsync(IReadOnlyList<MqttSubscription> subscriptions)
    {
        var id = NextPacketId();
        var ack = (MqttSubAckPacket)await SendAndAwaitAsync(new MqttSubscribePacket { PacketId = id, Subscriptions = [.. subscriptions] }, id, CancellationToken.None);
        return ack.ReasonCodes;
    }

    public async Task UnsubscribeAsync(params string[] filters)
    {
        foreach (var filter in filters)
        {
            _subscriptions.TryRemove(filter, out _);
        }

        var id = NextPacketId();
        await SendAndAwaitAsync(new MqttUnsubscribePacket { PacketId = id, Filters = [.. filters] }, id, CancellationToken.None);
    }

    /// <summary>
    /// MQTT 5.0 request/response: publishes with a response topic and correlation data and waits for the reply
    /// published to that topic with the same correlation data.
    /// </summary>
    public async Task<MqttMessage> RequestAsync(string topic, ReadOnlyMemory<byte> payload, TimeSpan timeout, MqttQos qos = MqttQos.AtLeastOnce)
    {
        if (_options.ProtocolVersion != MqttProtocolVersion.V500)
        {
            throw new InvalidOperationException("Request/response needs MQTT 5.0; a 3.1.1 client publishes to a reply topic of its own.");
        }

        if (_responseTopic is null)
        {
            _responseTopic = $"aiot/responses/{ClientId}";
            await SubscribeAsync(new MqttSubscription(_responseTopic, MqttQos.AtLeastOnce));
        }

        var correlation = Guid.NewGuid().ToString("N");
        var reply = new TaskCompletionSource<MqttMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[correlation] = reply;
        try
        {
            await PublishAsync(topic, payload, qos, properties: new MqttProperties { ResponseTopic = _responseTopic, CorrelationData = Encoding.UTF8.GetBytes(correlation) });
            return await reply.Task.WaitAsync(timeout);
        }
        finally
        {
            _requests.TryRemove(correlation, out _);
        }
    }

    public async Task DisconnectAsync()
    {
        _userDisconnected = true;
        if (IsConnected)
        {
            try
            {
                await SendAsync(new MqttDisconnectPacket());
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
            }
        }

        _tcp?.Dispose();
        if (_readLoop is not null)
        {
            await _readLoop;
        }
    }

    private async Task ReadLoopAsync(PipeReader reader, TcpClient tcp)
    {
        try
        {
            while (true)
            {
                var packet = await ReadPacketAsync(reader, _disposed.Token);
                if (packet is null)
                {
                    break;
                }

                await HandleAsync(packet);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException or MqttProtocolException)
        {
            _logger.LogDebug(ex, "Connection of {ClientId} ended", ClientId);
        }
        finally
        {
            await reader.CompleteAsync();
            tcp.Dispose();
            IsConnected = false;
            foreach (var pending in _pendingAcks.Values)
            {
                pending.TrySetException(new IOException("The connection to the broker was lost before the acknowledgement came."));
            }

            _pendingAcks.Clear();
            Disconnected?.Invoke();
            if (_options.AutoReconnect && !_userDisconnected && !_disposed.IsCancellationRequested)
            {
                _ = ReconnectAsync();
            }
        }
    }

    private async Task ReconnectAsync()
    {
        var delay = _options.ReconnectDelayMin;
        while (!_userDisconnected && !_disposed.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _disposed.Token);
                await ConnectCoreAsync(_disposed.Token);
                _logger.LogInformation("{ClientId} reconnected to {Host}:{Port}", ClientId, _options.Host, _options.Port);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogDebug("Reconnect of {ClientId} failed: {Reason}; next try in {Delay}", _options.ClientId, ex.Message, delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectDelayMax.Ticks));
            }
        }
    }

    private async Task HandleAsync(MqttPacket packet)
    {
        switch (packet)
        {
            case MqttPublishPacket publish:
                // Handlers run on their own loop: one that publishes and awaits an acknowledgement must not
                // block the reading of that acknowledgement.
                await _inbox.Writer.WriteAsync(publish);
                break;
            case MqttPublishAckPacket { Type: MqttPacketType.PubRel } release:
                lock (_incomingQos2)
                {
                    _incomingQos2.Remove(release.PacketId);
                }

                await SendAsync(new MqttPublishAckPacket(MqttPacketType.PubComp) { PacketId = release.PacketId });
                break;
            case IMqttPacketWithId withId:
                if (_pendingAcks.TryRemove(withId.PacketId, out var waiter))
                {
                    waiter.TrySetResult(packet);
                }

                break;
            case MqttDisconnectPacket disconnect:
                _logger.LogInformation("The broker disconnected {ClientId}: {Reason}", ClientId, disconnect.ReasonCode);
                break;
        }
    }

    private async Task InboxLoopAsync()
    {
        await foreach (var publish in _inbox.Reader.ReadAllAsync())
        {
            var deliver = true;
            if (publish.Qos == MqttQos.ExactlyOnce)
            {
                lock (_incomingQos2)
                {
                    deliver = _incomingQos2.Add(publish.PacketId);
                }
            }

            if (deliver)
            {
                await DeliverAsync(publish);
            }

            try
            {
                if (publish.Qos == MqttQos.AtLeastOnce)
                {
                    await SendAsync(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = publish.PacketId });
                }
                else if (publish.Qos == MqttQos.ExactlyOnce)
                {
                    await SendAsync(new MqttPublishAckPacket(MqttPacketType.PubRec) { PacketId = publish.PacketId });
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                _logger.LogDebug("Could not acknowledge {Topic}: the connection is gone; the broker will send it again", publish.Topic);
            }
        }
    }

    private async Task DeliverAsync(MqttPublishPacket publish)
    {
        var message = new MqttMessage
        {
            Topic = publish.Topic,
            Payload = publish.Payload,
            Qos = publish.Qos,
            Retain = publish.Retain,
            Properties = publish.Properties,
        };
        if (publish.Properties?.CorrelationData is { } correlation && _requests.TryGetValue(Encoding.UTF8.GetString(correlation.Span), out var reply))
        {
            reply.TrySetResult(message);
            return;
        }

        if (MessageReceived is { } handler)
        {
            try
            {
                await handler(message);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "The message handler of {ClientId} threw on {Topic}", ClientId, publish.Topic);
            }
        }
    }

    private async Task KeepAliveLoopAsync(TcpClient tcp)
    {
        if (_options.KeepAliveSeconds == 0)
        {
            return;
        }

        var period = TimeSpan.FromSeconds(_options.KeepAliveSeconds);
        while (tcp.Connected && !_disposed.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period / 2, _disposed.Token);
                if (Environment.TickCount64 - Interlocked.Read(ref _lastSent) >= period.TotalMilliseconds / 2)
                {
                    await SendAsync(MqttPingReqPacket.Instance);
                }
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    private async Task<MqttPacket> SendAndAwaitAsync(MqttPacket packet, ushort id, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingAcks[id] = waiter;
        await SendAsync(packet, cancellationToken);
        try
        {
            return await waiter.Task.WaitAsync(_options.AckTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            _pendingAcks.TryRemove(id, out _);
            throw new TimeoutException($"{packet.Type} {id} was not acknowledged within {_options.AckTimeout}.");
        }
    }

    private async Task SendAsync(MqttPacket packet, CancellationToken cancellationToken = default)
    {
        var stream = _stream ?? throw new InvalidOperationException("The client is not connected; call ConnectAsync first.");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _writeBuffer.ResetWrittenCount();
            MqttPacketWriter.Write(packet, _options.ProtocolVersion, _writeBuffer);
            await stream.WriteAsync(_writeBuffer.WrittenMemory, cancellationToken);
            Interlocked.Exchange(ref _lastSent, Environment.TickCount64);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<MqttPacket?> ReadPacketAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (MqttPacketReader.TryRead(ref buffer, _options.ProtocolVersion, uint.MaxValue, out var packet))
            {
                reader.AdvanceTo(buffer.Start);
                return packet;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    private ushort NextPacketId()
    {
        while (true)
        {
            var id = (ushort)(Interlocked.Increment(ref _lastPacketId) % 65535 + 1);
            if (!_pendingAcks.ContainsKey(id))
            {
                return id;
            }
        }
    }

    private static void ThrowIfFailed(MqttPacket ack, string topic)
    {
        if (ack is MqttPublishAckPacket { ReasonCode: var code } && (byte)code >= 0x80)
        {
            throw new IOException($"The broker refused the publish to '{topic}': {code}.");
        }
    }

    /// <summary>Drops the connection without DISCONNECT, as a crash or a pulled cable would; for tests of wills and reconnects.</summary>
    internal void Abort() => _tcp?.Dispose();

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        await _disposed.CancelAsync();
        _inbox.Writer.TryComplete();
        if (_inboxLoop is not null)
        {
            await _inboxLoop;
        }
    }
}
