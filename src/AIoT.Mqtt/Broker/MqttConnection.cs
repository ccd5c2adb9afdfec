using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Topics;
using Microsoft.Extensions.Logging;

namespace AIoT.Mqtt.Broker;

/// <summary>
/// One client connection: the MQTT protocol over whatever carries the bytes. A transport (a stream, or a socket on the
/// broker's own event loop) reads and hands each packet to <see cref="HandleNextAsync"/> in order; writes are encoded
/// into a pending buffer and sent by a drain that runs only while there is something to send, so an idle connection
/// holds no writer, no timer and no buffer; the broker's sweep enforces the CONNECT and keep-alive deadlines.
/// </summary>
internal abstract partial class MqttConnection
{
    /// <summary>
    /// Work done in a row before a reader lets other connections run: one unit per packet read and one per copy
    /// sent on to a subscriber, so a publish fanning out to a hundred subscribers spends its slice a hundred times
    /// faster. Without it, a few publishers with data always ready hold the thread pool and new clients wait for CONNACK.
    /// </summary>
    protected const int FairnessBudget = 1024;

    /// <summary>
    /// Replies waiting to be written (acknowledgements, PINGRESP), in multiples of
    /// <see cref="MqttBrokerOptions.PendingHighWaterBytes"/>, past which a client is taken not to read at all and is
    /// disconnected. Deliveries have their own bounds: backpressure and the hard limit for QoS 0, the in-flight window for QoS 1/2.
    /// </summary>
    public const int UnreadLimitFactor = 4;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>Packets encoded for sending on this thread; the reader charges them to the publisher that caused them.</summary>
    [ThreadStatic]
    private static long t_sent;

    private readonly MqttBroker _broker;
    private readonly long _openedAt;
    private Dictionary<ushort, string>? _topicAliases;

    /// <summary>Aliases this connection's client lets the broker use on deliveries (its Topic Alias Maximum, within the broker's own).</summary>
    private ushort _outboundAliasLimit;

    /// <summary>Topics given an alias on this connection, in the order they got one (alias 1 first); written under the write lock.</summary>
    private Dictionary<string, ushort>? _outboundAliases;
    private OutboundBuffer? _pending;
    private OutboundBuffer? _spare;

    /// <summary>Bytes of replies (not deliveries) in <see cref="_pending"/>, for <see cref="UnreadLimitFactor"/>.</summary>
    private long _replyBytesPending;

    /// <summary>A DISCONNECT is queued: it is the last packet the client gets.</summary>
    private bool _disconnectQueued;
    private bool _draining;
    private TaskCompletionSource? _drainEnded;
    private bool _closed;
    private MqttReasonCode? _closeReason;
    private MqttSession? _session;
    private MqttWill? _will;
    private bool _cleanDisconnect;
    private long _keepAliveTicks;
    private long _lastReceived;
    private uint? _clientMaximumPacketSize;
    private readonly int _hash = Interlocked.Increment(ref s_connectionsOpened);

    private static int s_connectionsOpened;

    protected MqttConnection(MqttBroker broker, EndPoint? remote)
    {
        _broker = broker;
        Remote = remote;
        _openedAt = _lastReceived = broker.Time.GetTimestamp();
    }

    public EndPoint? Remote { get; }

    /// <summary>
    /// Guards the pending writes. A <see cref="Lock"/>, not a monitor: a contended monitor takes a native sync block
    /// that stays for the object's life, and a reader and its drain do contend when a client connects.
    /// </summary>
    private readonly Lock _writeLock = new();

    /// <summary>
    /// A hash of its own for the broker's connection set: the runtime's identity hash would take the object header,
    /// and every lock on the connection would then need a native sync block.
    /// </summary>
    public override int GetHashCode() => _hash;

    public MqttProtocolVersion Version { get; private set; } = MqttProtocolVersion.V311;

    public MqttClientInfo? Client { get; private set; }

    private bool V5 => Version == MqttProtocolVersion.V500;

    /// <summary>The broker asked this connection to end; the reader stops at the next packet boundary.</summary>
    protected bool IsClosing => _closeReason is not null;

    /// <summary>Ends the reader's wait for data, so it sees that the connection is closing.</summary>
    protected abstract void WakeReader();

    /// <summary>Starts writing what is pending, off the caller's thread (<see cref="NextToSend"/> yields the buffers). Called under the write lock.</summary>
    protected abstract void StartDrain();

    /// <summary>Releases the transport once the reader has ended and the drain has finished or timed out.</summary>
    protected abstract ValueTask CloseTransportAsync();

    /// <summary>
    /// Decodes the next whole packet, if there is one. Only a whole packet resets the keep-alive (3.1.2.10): a client
    /// trickling bytes of a packet it never finishes is as silent as one sending nothing.
    /// </summary>
    protected bool TryReadPacket(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out MqttPacket? packet)
    {
        if (!MqttPacketReader.TryRead(ref buffer, Version, _broker.Options.MaximumPacketSize, out packet))
        {
            return false;
        }

        Volatile.Write(ref _lastReceived, _broker.Time.GetTimestamp());
        return true;
    }

    /// <summary>Handles one packet and says what it cost against <see cref="FairnessBudget"/>; false ends the connection.</summary>
    protected async ValueTask<(bool KeepGoing, int Cost)> HandleAndChargeAsync(MqttPacket packet)
    {
        var sentBefore = t_sent;
        var handling = HandleNextAsync(packet);
        if (handling.IsCompletedSuccessfully)
        {
            return (handling.Result, 1 + (int)Math.Clamp(t_sent - sentBefore, 0, FairnessBudget));
        }

        // Finished on another thread (a hook that awaited): the per-thread count no longer says what this packet sent.
        return (await handling, 1);
    }

    /// <summary>What the reader does with the error that ended it: a protocol error is answered as the spec asks, I/O errors end quietly.</summary>
    protected void OnReadFailed(Exception exception)
    {
        try
        {
            AnswerReadFailure(exception);
        }
        catch (Exception)
        {
            // Even a failing logger must not keep the reader from ending the connection and releasing its session.
        }
    }

    private void AnswerReadFailure(Exception exception)
    {
        switch (exception)
        {
            case MqttProtocolException ex:
                _broker.Metrics.ProtocolErrors.Add(1);
                _broker.Activity.ProtocolError();
                _broker.Logger.LogDebug("Closing {Client}: {Reason} ({Code})", Describe(), ex.Message, ex.ReasonCode);
                if (_session is null)
                {
                    if (ex.ReasonCode == MqttReasonCode.UnsupportedProtocolVersion)
                    {
                        Send(new MqttConnAckPacket { ReasonCode = MqttReasonCode.UnsupportedProtocolVersion });
                    }
                }
                else if (V5)
                {
                    Send(new MqttDisconnectPacket { ReasonCode = DisconnectReasons.ForServer(ex.ReasonCode), Properties = new MqttProperties { ReasonString = Truncate(ex.Message) } });
                }

                break;
            case IOException or OperationCanceledException or ObjectDisposedException or SocketException:
                break;
            default:
                _broker.Logger.LogError(exception, "Connection {Client} failed unexpectedly", Describe());
                break;
        }
    }

    /// <summary>Runs once, after the reader has ended: sends what is pending (bounded in time), closes the transport, tells the broker.</summary>
    protected async Task EndAsync()
    {
        Task? drained = null;
        lock (_writeLock)
        {
            if (_draining)
            {
                drained = (_drainEnded ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }

        if (drained is not null)
        {
            await drained.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        List<MqttConnection>? held;
        lock (_writeLock)
        {
            _closed = true;
            if (!_draining)
            {
                _pending?.Release();
                _pending = _spare = null;
            }

            held = ForgetOwed();
        }

        Release(held);

        try
        {
            await CloseTransportAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }
        catch (Exception ex)
        {
            // Whatever the transport did, the session must still be released and the will decided.
            _broker.Logger.LogWarning(ex, "Closing the transport of {Client} failed", Describe());
        }

        _broker.OnConnectionClosed(this, _session, _cleanDisconnect ? null : _will);
    }

    /// <summary>The first packet must be CONNECT; everything after goes to the session.</summary>
    private async ValueTask<bool> HandleNextAsync(MqttPacket packet)
    {
        if (_session is not null)
        {
            return await HandleAsync(packet);
        }

        if (Client is not null || packet is not MqttConnectPacket connect)
        {
            // Refused earlier, or not CONNECT first (MQTT-3.1.0-1): close without a word.
            return false;
        }

        return await HandleConnectAsync(connect);
    }

    /// <summary>Ends the connection from the broker's side, e.g. when another connection takes over the session.</summary>
    public void Close(MqttReasonCode reason)
    {
        lock (_writeLock)
        {
            if (_closed || _closeReason is not null)
            {
                return;
            }

            // Both before the reason: a reader that sees the connection closing may end it at once, and must find the
            // DISCONNECT queued and the will decided. A server that closes a connection publishes the will (5.0,
            // 3.1.2.5); only a stopping one may defer it, and this broker keeps nothing across a restart.
            if (reason == MqttReasonCode.ServerShuttingDown)
            {
                _cleanDisconnect = true;
            }

            if (V5 && _session is not null)
            {
                TryEncode(new MqttDisconnectPacket { ReasonCode = DisconnectReasons.ForServer(reason) });
            }

            _closeReason = reason;
        }

        WakeReader();
    }

    /// <summary>The sweep's visit: closes a connection past its CONNECT or keep-alive deadline.</summary>
    public void CheckDeadline(long now, long connectTimeoutTicks)
    {
        if (_session is null)
        {
            if (Client is null && now - _openedAt > connectTimeoutTicks)
            {
                _broker.Activity.ConnectTimedOut();
                _broker.Logger.LogDebug("Closing {Client}: no CONNECT within {Timeout}", Describe(), _broker.Options.ConnectTimeout);
                Close(MqttReasonCode.MaximumConnectTime);
            }

            return;
        }

        // A paused reader reads nothing, PINGREQ included: the client is not silent, the broker is not listening.
        if (_keepAliveTicks > 0 && !IsPaused && now - Volatile.Read(ref _lastReceived) > _keepAliveTicks)
        {
            _broker.Activity.KeepAliveExpired();
            _broker.Logger.LogDebug("Closing {Client}: no packet within 1.5 × its keep-alive", Describe());
            Close(MqttReasonCode.KeepAliveTimeout);
        }
    }

    private async Task<bool> HandleConnectAsync(MqttConnectPacket connect)
    {
        Version = connect.ProtocolVersion;
        var clientId = connect.ClientId;
        string? assigned = null;
        if (clientId.Length == 0)
        {
            if (!V5 && !connect.CleanStart)
            {
                Send(new MqttConnAckPacket { ReasonCode = MqttReasonCode.ClientIdentifierNotValid });
                return false;
            }

            clientId = assigned = $"aiot-{Guid.NewGuid():N}";
        }

        var keepAlive = connect.KeepAliveSeconds;
        ushort? serverKeepAlive = null;
        if (_broker.Options.MaxKeepAlive is var maxKeepAlive and > 0 && (keepAlive == 0 || keepAlive > maxKeepAlive))
        {
            if (!V5)
            {
                // 3.1.1 has no way to tell a client to ping more often; it would be closed for silence it thinks is fine.
                _broker.Activity.ConnectRefused();
                _broker.Logger.LogDebug("Refused {ClientId} from {Remote}: keep-alive {KeepAlive} s is over the maximum of {Max} s", clientId, Remote, keepAlive, maxKeepAlive);
                Send(new MqttConnAckPacket { ReasonCode = MqttReasonCode.ClientIdentifierNotValid });
                return false;
            }

            keepAlive = maxKeepAlive;
            serverKeepAlive = maxKeepAlive;
        }

        var context = new MqttConnectContext(clientId, connect.UserName, connect.Password, Remote, Version);
        var verdict = _broker.Options.Authenticate is { } authenticate ? await authenticate(context) : MqttReasonCode.Success;
        if (connect.Properties?.AuthenticationMethod is not null)
        {
            verdict = MqttReasonCode.BadAuthenticationMethod;
        }

        if (verdict != MqttReasonCode.Success)
        {
            if (verdict == MqttReasonCode.BadAuthenticationMethod)
            {
                _broker.Activity.ConnectRefused();
            }
            else
            {
                _broker.Activity.CredentialsRefused();
            }

            _broker.Logger.LogDebug("Refused {ClientId} from {Remote}: {Reason}", clientId, Remote, verdict);
            Send(new MqttConnAckPacket { ReasonCode = verdict });
            return false;
        }

        if (connect.Will is { } will)
        {
            if (will.Qos > _broker.Options.MaximumQos)
            {
                Send(new MqttConnAckPacket { ReasonCode = MqttReasonCode.QosNotSupported });
                return false;
            }

            var candidate = new MqttClientInfo(clientId, connect.UserName, Remote, Version);
            if (_broker.Options.AuthorizePublish is { } authorize && !await authorize(candidate, will.Topic))
            {
                _broker.Activity.ConnectRefused();
                _broker.Logger.LogDebug("Refused {ClientId} from {Remote}: it may not publish its will to {Topic}", clientId, Remote, will.Topic);
                Send(new MqttConnAckPacket { ReasonCode = MqttReasonCode.NotAuthorized });
                return false;
            }

            _will = will;
        }

        Client = new MqttClientInfo(clientId, connect.UserName, Remote, Version);
        _clientMaximumPacketSize = connect.Properties?.MaximumPacketSize;
        _outboundAliasLimit = Math.Min(connect.Properties?.TopicAliasMaximum ?? 0, _broker.Options.TopicAliasMaximum);
        if (keepAlive > 0)
        {
            _keepAliveTicks = (long)(keepAlive * 1.5 * _broker.Time.TimestampFrequency);
        }

        var expiry = V5 ? connect.Properties?.SessionExpiryInterval ?? 0 : connect.CleanStart ? 0 : uint.MaxValue;
        _broker.AttachSession(clientId, connect.CleanStart, this, (session, present) =>
        {
            _session = session;
            session.ExpirySeconds = expiry;
            // The broker keeps no more in flight towards the client than its own limit either (3.1.1 clients name none).
            session.InflightWindow = (ushort)Math.Min(connect.Properties?.ReceiveMaximum ?? ushort.MaxValue, _broker.Options.MaxInflightMessages);
            Send(new MqttConnAckPacket
            {
                SessionPresent = present,
                ReasonCode = MqttReasonCode.Success,
                Properties = V5 ? new MqttProperties
                {
                    AssignedClientIdentifier = assigned,
                    ServerKeepAlive = serverKeepAlive,
                    ReceiveMaximum = _broker.Options.ReceiveMaximum,
                    TopicAliasMaximum = _broker.Options.TopicAliasMaximum,
                    MaximumPacketSize = _broker.Options.MaximumPacketSize,
                    MaximumQos = _broker.Options.MaximumQos == MqttQos.ExactlyOnce ? null : (byte)_broker.Options.MaximumQos,
                    RetainAvailable = 1,
                    WildcardSubscriptionAvailable = 1,
                    SubscriptionIdentifiersAvailable = 1,
                    SharedSubscriptionAvailable = 1,
                } : null,
            });
            session.Redeliver();
            session.Pump();
        });

        _broker.OnClientConnected(Client);
        return true;
    }

    private async Task<bool> HandleAsync(MqttPacket packet)
    {
        var session = _session!;
        switch (packet)
        {
            case MqttPublishPacket publish:
                await HandlePublishAsync(publish, session);
                return true;
            case MqttPublishAckPacket { Type: MqttPacketType.PubAck or MqttPacketType.PubComp } done:
                lock (session.Gate)
                {
                    session.Acknowledge(done.PacketId);
                }

                return true;
            case MqttPublishAckPacket { Type: MqttPacketType.PubRec } received:
                lock (session.Gate)
                {
                    if (session.Inflight.TryGetValue(received.PacketId, out var inflight))
                    {
                        if ((byte)received.ReasonCode >= 0x80)
                        {
                            session.Acknowledge(received.PacketId);
                        }
                        else
                        {
                            inflight.AwaitingPubComp = true;
                            Send(new MqttPublishAckPacket(MqttPacketType.PubRel) { PacketId = received.PacketId });
                        }
                    }
                    else
                    {
                        Send(new MqttPublishAckPacket(MqttPacketType.PubRel) { PacketId = received.PacketId, ReasonCode = V5 ? MqttReasonCode.PacketIdentifierNotFound : MqttReasonCode.Success });
                    }
                }

                return true;
            case MqttPublishAckPacket { Type: MqttPacketType.PubRel } release:
                bool known;
                lock (session.Gate)
                {
                    known = session.IncomingQos2.Remove(release.PacketId);
                }

                Send(new MqttPublishAckPacket(MqttPacketType.PubComp)
                {
                    PacketId = release.PacketId,
                    ReasonCode = known || !V5 ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound,
                });
                return true;
            case MqttSubscribePacket subscribe:
                await HandleSubscribeAsync(subscribe, session);
                return true;
            case MqttUnsubscribePacket unsubscribe:
                var codes = unsubscribe.Filters.Select(f => _broker.Unsubscribe(session, f) ? MqttReasonCode.Success : MqttReasonCode.NoSubscriptionExisted).ToList();
                Send(new MqttUnsubAckPacket { PacketId = unsubscribe.PacketId, ReasonCodes = codes });
                return true;
            case MqttPingReqPacket:
                Send(MqttPingRespPacket.Instance);
                return true;
            case MqttDisconnectPacket disconnect:
                _cleanDisconnect = disconnect.ReasonCode != MqttReasonCode.DisconnectWithWill;
                if (V5 && disconnect.Properties?.SessionExpiryInterval is { } newExpiry)
                {
                    lock (session.Gate)
                    {
                        if (session.ExpirySeconds == 0 && newExpiry != 0)
                        {
                            throw new MqttProtocolException(MqttReasonCode.ProtocolError, "DISCONNECT sets a session expiry after CONNECT asked for none.");
                        }

                        session.ExpirySeconds = newExpiry;
                    }
                }

                return false;
            case MqttConnectPacket:
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, "A second CONNECT on one connection.");
            case MqttAuthPacket:
                throw new MqttProtocolException(MqttReasonCode.BadAuthenticationMethod, "Enhanced authentication is not supported.");
            default:
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"A client does not send {packet.Type}.");
        }
    }

    private async Task HandlePublishAsync(MqttPublishPacket publish, MqttSession session)
    {
        _broker.Metrics.Received.Add(1);
        if (publish.Properties?.TopicAlias is { } alias)
        {
            if (alias > _broker.Options.TopicAliasMaximum)
            {
                throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, $"Topic alias {alias} is over the maximum of {_broker.Options.TopicAliasMaximum}.");
            }

            if (publish.Topic.Length > 0)
            {
                (_topicAliases ??= [])[alias] = publish.Topic;
            }
            else if (_topicAliases is null || !_topicAliases.TryGetValue(alias, out var aliased))
            {
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"Topic alias {alias} was never set on this connection.");
            }
            else
            {
                publish.Topic = aliased;
            }

            publish.Properties.TopicAlias = null;
        }

        if (publish.Properties?.SubscriptionIdentifiers is not null)
        {
            // Only the server puts subscription identifiers in a PUBLISH (MQTT-3.3.4-6).
            throw new MqttProtocolException(MqttReasonCode.ProtocolError, "A PUBLISH from a client carries a subscription identifier.");
        }

        if (publish.Qos > _broker.Options.MaximumQos)
        {
            throw new MqttProtocolException(MqttReasonCode.QosNotSupported, $"QoS {(int)publish.Qos} is above the maximum of {(int)_broker.Options.MaximumQos}.");
        }

        var allowed = _broker.Options.AuthorizePublish is not { } authorize || await authorize(Client!, publish.Topic);
        var code = allowed ? MqttReasonCode.Success : MqttReasonCode.NotAuthorized;
        if (!allowed)
        {
            _broker.Activity.PublishRefused();
            _broker.Logger.LogDebug("{ClientId} may not publish to {Topic}", Client!.ClientId, publish.Topic);
        }

        switch (publish.Qos)
        {
            case MqttQos.AtMostOnce:
                if (allowed)
                {
                    await RouteAsPublisherAsync(MqttMessage.FromPublish(publish, Client!.ClientId, _broker.Time.GetUtcNow()));
                }

                break;
            case MqttQos.AtLeastOnce:
                if (allowed)
                {
                    await RouteAsPublisherAsync(MqttMessage.FromPublish(publish, Client!.ClientId, _broker.Time.GetUtcNow()));
                }

                Send(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = publish.PacketId, ReasonCode = V5 ? code : MqttReasonCode.Success });
                break;
            default:
                bool first;
                lock (session.Gate)
                {
                    first = session.IncomingQos2.Add(publish.PacketId);
                    if (first && session.IncomingQos2.Count > _broker.Options.ReceiveMaximum)
                    {
                        throw new MqttProtocolException(MqttReasonCode.ReceiveMaximumExceeded, $"More than {_broker.Options.ReceiveMaximum} QoS 2 messages await release.");
                    }
                }

                if (first && allowed)
                {
                    await RouteAsPublisherAsync(MqttMessage.FromPublish(publish, Client!.ClientId, _broker.Time.GetUtcNow()));
                }

                if (!allowed)
                {
                    lock (session.Gate)
                    {
                        session.IncomingQos2.Remove(publish.PacketId);
                    }
                }

                Send(new MqttPublishAckPacket(MqttPacketType.PubRec) { PacketId = publish.PacketId, ReasonCode = V5 ? code : MqttReasonCode.Success });
                break;
        }
    }

    private async Task HandleSubscribeAsync(MqttSubscribePacket subscribe, MqttSession session)
    {
        var codes = new List<MqttReasonCode>(subscribe.Subscriptions.Count);
        var retainedToSend = new List<(string Filter, MqttQos Qos, bool RetainAsPublished)>();
        var subscriptionId = subscribe.Properties?.SubscriptionIdentifiers?.FirstOrDefault();
        foreach (var request in subscribe.Subscriptions)
        {
            var shared = TopicFilter.TryParseShared(request.Filter, out var group, out var inner, out var shareError);
            var invalid = shared ? shareError : TopicFilter.Validate(request.Filter);
            if (invalid is not null)
            {
                _broker.Activity.SubscriptionRefused();
                _broker.Logger.LogDebug("{ClientId}: subscription refused: {Reason}", Client!.ClientId, invalid);
                codes.Add(MqttReasonCode.TopicFilterInvalid);
                continue;
            }

            if (shared && request.NoLocal)
            {
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"No Local is set on shared subscription '{request.Filter}'.");
            }

            if (_broker.Options.AuthorizeSubscribe is { } authorize && !await authorize(Client!, request.Filter))
            {
                _broker.Activity.SubscriptionRefused();
                _broker.Logger.LogDebug("{ClientId} may not subscribe to {Filter}", Client!.ClientId, request.Filter);
                codes.Add(MqttReasonCode.NotAuthorized);
                continue;
            }

            var granted = (MqttQos)Math.Min((byte)request.Qos, (byte)_broker.Options.MaximumQos);
            var existed = _broker.Subscribe(session, request with { Qos = granted }, subscriptionId is 0 ? null : subscriptionId, shared ? group : null, shared ? inner : request.Filter);
            codes.Add((MqttReasonCode)granted);
            if (!shared && (request.RetainHandling == 0 || (request.RetainHandling == 1 && !existed)))
            {
                retainedToSend.Add((request.Filter, granted, request.RetainAsPublished || !V5));
            }
        }

        Send(new MqttSubAckPacket { PacketId = subscribe.PacketId, ReasonCodes = codes });
        foreach (var (filter, qos, retainAsPublished) in retainedToSend)
        {
            _broker.DeliverRetained(session, filter, qos, retainAsPublished, subscriptionId is 0 ? null : subscriptionId);
        }
    }

    /// <summary>Sends a delivery; false when the client can never take it (larger than its maximum packet size), so it counts as delivered.</summary>
    public bool SendPublish(MqttMessage message, MqttQos qos, bool retain, List<uint>? subscriptionIds, ushort packetId, bool dup)
    {
        MqttProperties? properties = null;
        if (V5)
        {
            var expiry = message.ExpiresAt is { } at ? (uint?)Math.Max(0, (at - _broker.Time.GetUtcNow()).TotalSeconds) : null;
            if (message.Properties is not null || subscriptionIds is not null || expiry is not null)
            {
                properties = message.Properties?.Clone() ?? new MqttProperties();
                properties.SubscriptionIdentifiers = subscriptionIds;
                properties.MessageExpiryInterval = expiry;
                properties.TopicAlias = null;
            }
        }

        var packet = new MqttPublishPacket
        {
            Topic = message.Topic,
            Payload = message.Payload,
            Qos = qos,
            Retain = retain,
            Dup = dup,
            PacketId = packetId,
            Properties = properties,
        };
        var outcome = Encode(packet, mayAlias: _outboundAliasLimit > 0);
        if (outcome == Encoded.Queued)
        {
            _broker.Metrics.Sent.Add(1);
        }

        return outcome != Encoded.TooLargeForClient;
    }

    /// <summary>
    /// Encodes into the pending buffer. A QoS 0 publish is dropped when the client cannot keep up; a client that does
    /// not read at all is disconnected (<see cref="UnreadLimitFactor"/>).
    /// </summary>
    public bool Send(MqttPacket packet) => Encode(packet) == Encoded.Queued;

    private Encoded Encode(MqttPacket packet, bool mayAlias = false)
    {
        var outcome = TryEncode(packet, mayAlias);
        if (outcome == Encoded.ClientNotReading)
        {
            WakeReader();
        }

        return outcome;
    }

    private Encoded TryEncode(MqttPacket packet, bool mayAlias = false)
    {
        lock (_writeLock)
        {
            if (_closed || _disconnectQueued)
            {
                // Nothing may follow a DISCONNECT (MQTT-3.14.4-1).
                return Encoded.Refused;
            }

            var pending = _pending ??= new OutboundBuffer();
            if (packet is MqttPublishPacket { Qos: MqttQos.AtMostOnce } && DropsAtMostOnce(out var dropReason))
            {
                CountDropped(dropReason);
                return Encoded.Refused;
            }

            var isReply = packet is not MqttPublishPacket;
            if (isReply && _replyBytesPending > (long)_broker.Options.PendingHighWaterBytes * UnreadLimitFactor)
            {
                // Replies (acknowledgements, PINGRESP) are never dropped, and unlike deliveries nothing else bounds
                // them: a client that sends but never reads would make the broker hold them without end.
                _broker.Metrics.Dropped.Add(1);
                if (_closeReason is not null)
                {
                    return Encoded.Refused;
                }

                _broker.Activity.NotReading();
                _broker.Logger.LogDebug("Closing {Client}: it does not read what the broker sends ({Bytes} bytes pending)", Describe(), pending.WrittenCount);
                _closeReason = MqttReasonCode.QuotaExceeded;
                return Encoded.ClientNotReading;
            }

            var before = pending.WrittenCount;
            // Decided here, under the write lock, so a topic's first use (topic and alias) is written before any
            // use of the alias alone, whichever thread sends which.
            var newAlias = mayAlias ? ApplyTopicAlias((MqttPublishPacket)packet) : (ushort)0;
            if (_clientMaximumPacketSize is { } max)
            {
                var scratch = t_scratch ??= new ArrayBufferWriter<byte>(1024);
                scratch.ResetWrittenCount();
                if (MqttPacketWriter.Write(packet, Version, scratch) > max)
                {
                    // The client said it cannot take a packet this big: drop it as if delivered (5.0, 3.1.2.11.4).
                    _broker.Metrics.Dropped.Add(1);
                    return Encoded.TooLargeForClient;
                }

                pending.Write(scratch.WrittenSpan);
            }
            else
            {
                MqttPacketWriter.Write(packet, Version, pending);
            }

            if (newAlias != 0)
            {
                _outboundAliases![((MqttPublishPacket)packet).Topic] = newAlias;
            }

            ChargeOwed(pending.WrittenCount - before);
            if (isReply)
            {
                _replyBytesPending += pending.WrittenCount - before;
                if (packet is MqttDisconnectPacket)
                {
                    _disconnectQueued = true;
                }
            }
            else
            {
                AfterDelivery();
            }

            t_sent++;
            if (!_draining)
            {
                _draining = true;
                StartDrain();
            }

            return Encoded.Queued;
        }
    }

    /// <summary>
    /// Puts a topic alias on a delivery (5.0, 3.3.2.3.4): a topic already aliased on this connection goes as its alias
    /// and an empty topic; a new topic, while aliases are left, goes whole with the next alias, which is returned to be
    /// recorded once the packet is written. The first topics keep their aliases for the connection's life; later ones
    /// go whole. A new connection starts with none, as aliases belong to one network connection.
    /// </summary>
    private ushort ApplyTopicAlias(MqttPublishPacket publish)
    {
        var aliases = _outboundAliases ??= new Dictionary<string, ushort>(StringComparer.Ordinal);
        if (aliases.TryGetValue(publish.Topic, out var alias))
        {
            (publish.Properties ??= new MqttProperties()).TopicAlias = alias;
            publish.Topic = "";
            return 0;
        }

        if (aliases.Count >= _outboundAliasLimit)
        {
            return 0;
        }

        alias = (ushort)(aliases.Count + 1);
        (publish.Properties ??= new MqttProperties()).TopicAlias = alias;
        return alias;
    }

    private enum Encoded
    {
        Queued,
        Refused,
        TooLargeForClient,
        ClientNotReading,
    }

    /// <summary>
    /// The drain's next buffer to write, after giving back the one it has just written; null when nothing is pending,
    /// and the drain then ends (the next Send starts another) holding no buffer object at all.
    /// </summary>
    protected OutboundBuffer? NextToSend(OutboundBuffer? written)
    {
        List<MqttConnection>? released = null;
        try
        {
            lock (_writeLock)
            {
                if (written is not null)
                {
                    if (!_closed)
                    {
                        // Once closed, what was owed has been forgotten at once (ForgetOwed).
                        ChargeOwed(-written.WrittenCount);
                        released = AfterSent();
                    }

                    written.Release();
                    _spare = written;
                }

                if (_pending is not { WrittenCount: > 0 })
                {
                    _draining = false;
                    _pending = _spare = null;
                    _drainEnded?.TrySetResult();
                    _drainEnded = null;
                    return null;
                }

                var sending = _pending;
                _pending = _spare;
                _replyBytesPending = 0;
                _spare = null;
                return sending;
            }
        }
        finally
        {
            Release(released);
        }
    }

    /// <summary>The peer is gone: nothing more is sent, and the reader is woken to clean up.</summary>
    protected void OnWriteFailed(OutboundBuffer? sending)
    {
        List<MqttConnection>? held;
        lock (_writeLock)
        {
            _closed = true;
            _closeReason ??= MqttReasonCode.UnspecifiedError;
            _draining = false;
            sending?.Release();
            _pending?.Release();
            _pending = _spare = null;
            _drainEnded?.TrySetResult();
            _drainEnded = null;
            held = ForgetOwed();
        }

        Release(held);
        WakeReader();
    }

    /// <summary>For diagnosing a stalled connection: whether a drain runs, its status, and bytes pending.</summary>
    internal string WriteState()
    {
        lock (_writeLock)
        {
            return $"{Describe()} closed={_closed} drain={(_draining ? "running" : "none")} pending={_pending?.WrittenCount ?? 0} owed={_owedBytes} congested={_congested} stalled={_stalled} paused={IsPaused}";
        }
    }

    private string Describe() => Client?.ClientId ?? Remote?.ToString() ?? "client";

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];
}
