using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AIoT.Mqtt.Broker.Native;
using AIoT.Mqtt.Diagnostics;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIoT.Mqtt.Broker;

/// <summary>
/// An MQTT 3.1.1 and 5.0 broker: a TCP listener (or any stream handed to <see cref="ServeAsync"/>), sessions,
/// QoS 0/1/2, retained messages, wills, shared subscriptions, and an in-process API for the host.
/// </summary>
public sealed class MqttBroker : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, MqttSession> _sessions = new(StringComparer.Ordinal);
    // Connections over streams; those on the event loop are found through its slot table instead (one entry fewer per client).
    private readonly ConcurrentDictionary<MqttConnection, byte> _streamConnections = new();
    private readonly ConcurrentDictionary<string, MqttMessage> _retained = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Group, string Filter), SharedGroup> _sharedGroups = new();
    private int _subscriptionCount;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _delayedWills = new(StringComparer.Ordinal);
    private readonly SubscriptionTree<RouteTarget> _tree = new();
    private readonly object _sessionGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly DateTimeOffset _startedAt;
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private SocketEventLoop? _eventLoop;
    private ITimer? _housekeeping;
    private ITimer? _deadlineSweep;
    private readonly Lock _stopGate = new();
    private Task? _stopped;
    private int _stopRequested;
    private long _sequence;
    private long _received;
    private long _sent;
    private long _pendingBytes;

    public MqttBroker(MqttBrokerOptions options, ILogger<MqttBroker>? logger = null, TimeProvider? time = null)
    {
        options.Validate();
        Options = options;
        Logger = (ILogger?)logger ?? NullLogger.Instance;
        Time = time ?? TimeProvider.System;
        _startedAt = Time.GetUtcNow();
        Metrics = new MqttMetrics(() => ConnectionCount, () => _sessions.Count, () => SubscriptionCount, () => PendingBytes);
        Activity = new BrokerActivitySummary(Logger, options.LogSummaryInterval, Time);
    }

    public MqttBrokerOptions Options { get; }

    /// <summary>The TCP port bound, once started.</summary>
    public int Port { get; private set; }

    public int ConnectedClients => Connections.Count(c => c.Client is not null);

    private IEnumerable<MqttConnection> Connections => _eventLoop is { } loop ? _streamConnections.Keys.Concat(loop.Connections) : _streamConnections.Keys;

    private int ConnectionCount => _streamConnections.Count + (_eventLoop?.Count ?? 0);

    /// <summary>Subscriptions, by clients and by the host; each member of a shared subscription counts.</summary>
    public int SubscriptionCount => Volatile.Read(ref _subscriptionCount);

    public event Action<MqttClientInfo>? ClientConnected;

    /// <summary>A client's connection ended; the flag says whether it left a will (published now, or after its will delay).</summary>
    public event Action<MqttClientInfo, bool>? ClientDisconnected;

    internal ILogger Logger { get; }

    internal TimeProvider Time { get; }

    internal MqttMetrics Metrics { get; }

    /// <summary>What was refused or closed, summed into one Information line per <see cref="MqttBrokerOptions.LogSummaryInterval"/>.</summary>
    internal BrokerActivitySummary Activity { get; }

    /// <summary>Bytes waiting to be written over all connections, for <see cref="MqttBrokerOptions.PendingBudgetBytes"/>; each connection's share may lag by a few KiB.</summary>
    internal long PendingBytes => Volatile.Read(ref _pendingBytes);

    internal void AddPendingBytes(long bytes) => Interlocked.Add(ref _pendingBytes, bytes);

    /// <summary>The backpressure state of a client's connection, or null when it is not connected.</summary>
    internal BackpressureState? BackpressureOf(string clientId) =>
        _sessions.TryGetValue(clientId, out var session) && session.Connection is { } connection ? connection.Backpressure() : null;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _listener = new TcpListener(Options.ListenAddress, Options.Port);
        _listener.Server.NoDelay = true;
        _listener.Start(backlog: 4096);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        if (Options.OwnEventLoop && LinuxSockets.IsSupported)
        {
            _eventLoop = new SocketEventLoop(this, _listener.Server);
        }
        else
        {
            _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
        }

        var tick = Options.SystemTopicsInterval > TimeSpan.Zero ? Options.SystemTopicsInterval : TimeSpan.FromSeconds(10);
        _housekeeping = Time.CreateTimer(_ => Housekeeping(), null, tick, tick);
        _deadlineSweep = Time.CreateTimer(_ => SweepDeadlines(), null, DeadlineSweepInterval, DeadlineSweepInterval);
        Logger.LogInformation("MQTT broker listening on {Address}:{Port} (MQTT 3.1.1 and 5.0)", Options.ListenAddress, Port);
        return Task.CompletedTask;
    }

    /// <summary>Serves one client over any stream (a WebSocket, a test pipe); returns when the connection ends.</summary>
    public Task ServeAsync(Stream stream, EndPoint? remote, CancellationToken cancellationToken = default)
    {
        var connection = new StreamConnection(this, stream, remote);
        Track(connection);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _stopRequested) == 1)
        {
            // Tracked after the stop's sweep over the connections began, or before and closed twice: harmless.
            connection.Close(MqttReasonCode.ServerShuttingDown);
        }

        return ServeUntilCancelledAsync(connection, cancellationToken);
    }

    private static async Task ServeUntilCancelledAsync(StreamConnection connection, CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(() => connection.Close(MqttReasonCode.ServerShuttingDown)))
        {
            await RunConnectionAsync(connection);
        }
    }

    /// <summary>Publishes from the host itself, as if a client had.</summary>
    public ValueTask PublishAsync(MqttMessage message)
    {
        if (message.Topic.Length == 0 || message.Topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new ArgumentException($"Topic '{message.Topic}' is empty or contains a wildcard.", nameof(message));
        }

        return RouteAsync(message);
    }

    public bool IsConnected(string clientId) => _sessions.TryGetValue(clientId, out var session) && session.Connection is not null;

    /// <summary>Closes the connection of a client, if it is connected (5.0 clients are told why). Returns whether one was.</summary>
    public bool Disconnect(string clientId, MqttReasonCode reason)
    {
        if (_sessions.TryGetValue(clientId, out var session) && session.Connection is { } connection)
        {
            connection.Close(reason);
            return true;
        }

        return false;
    }

    /// <summary>Subscribes the host itself; the handler runs for each matching message. Dispose to unsubscribe.</summary>
    public IDisposable Subscribe(string filter, Func<MqttMessage, ValueTask> handler)
    {
        if (TopicFilter.Validate(filter) is { } error)
        {
            throw new ArgumentException(error, nameof(filter));
        }

        var subscription = new HandlerSubscription(filter, handler);
        CountAdded(_tree.Add(filter, subscription));
        foreach (var retained in _retained.Values.Where(m => TopicFilter.Matches(filter, m.Topic)))
        {
            _ = handler(retained);
        }

        return new Unsubscriber(() => CountRemoved(_tree.Remove(filter, subscription)));
    }

    internal IEnumerable<string> ConnectionWriteStates() => Connections.Select(c => c.WriteState());

    private void Track(StreamConnection connection) => _streamConnections[connection] = 0;

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>
    /// Gives the client id's session (kept or new) to the connection. <paramref name="attached"/> runs under the session's
    /// gate the moment the connection owns it, so the CONNACK it queues goes before any delivery (MQTT-3.2.0-1).
    /// </summary>
    internal MqttSession AttachSession(string clientId, bool cleanStart, MqttConnection connection, Action<MqttSession, bool> attached)
    {
        if (_delayedWills.TryRemove(clientId, out var pendingWill))
        {
            pendingWill.Cancel();
        }

        MqttConnection? previous = null;
        MqttSession session;
        bool present;
        lock (_sessionGate)
        {
            var expired = false;
            if (_sessions.TryGetValue(clientId, out var existing))
            {
                lock (existing.Gate)
                {
                    previous = existing.Connection;
                    existing.Connection = null;
                    // Housekeeping removes expired sessions only every so often; one past its expiry is gone already.
                    expired = existing.ExpiresAt is { } expiresAt && expiresAt <= Time.GetUtcNow();
                }

                if (cleanStart || expired)
                {
                    DiscardSubscriptions(existing);
                    _sessions.TryRemove(clientId, out _);
                }
            }

            present = !cleanStart && !expired && existing is not null;
            session = present ? existing! : _sessions[clientId] = new MqttSession(clientId, this);
            lock (session.Gate)
            {
                session.Connection = connection;
                session.ExpiresAt = null;
                attached(session, present);
            }
        }

        previous?.Close(MqttReasonCode.SessionTakenOver);
        return session;
    }

    internal void OnClientConnected(MqttClientInfo client)
    {
        Logger.LogDebug("{ClientId} connected from {Remote} ({Version})", client.ClientId, client.RemoteEndPoint, client.ProtocolVersion);
        try
        {
            ClientConnected?.Invoke(client);
        }
        catch (Exception ex)
        {
            // The host's handler failing is the host's bug; the client stays connected.
            Logger.LogError(ex, "A ClientConnected handler failed for {ClientId}", client.ClientId);
        }
    }

    internal void OnConnectionClosed(MqttConnection connection, MqttSession? session, MqttWill? will)
    {
        _streamConnections.TryRemove(connection, out _);
        if (session is null)
        {
            return;
        }

        bool takenOver;
        var ended = false;
        uint expiry = 0;
        lock (session.Gate)
        {
            takenOver = session.Connection != connection;
            if (!takenOver)
            {
                session.Connection = null;
                expiry = session.ExpirySeconds;
                ended = expiry == 0;
                if (!ended)
                {
                    session.ExpiresAt = Time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(expiry, Options.MaxSessionExpiry.TotalSeconds));
                }
            }
        }

        if (takenOver)
        {
            will = WillAfterTakeover(session, will);
        }
        else if (ended)
        {
            lock (_sessionGate)
            {
                if (_sessions.TryGetValue(session.ClientId, out var current) && current == session)
                {
                    DiscardSubscriptions(session);
                    _sessions.TryRemove(session.ClientId, out _);
                }
            }
        }

        if (will is not null)
        {
            PublishWill(session.ClientId, will, expiry);
        }

        if (connection.Client is { } client)
        {
            try
            {
                ClientDisconnected?.Invoke(client, will is not null);
            }
            catch (Exception ex)
            {
                Logger.LogError(ex, "A ClientDisconnected handler failed for {ClientId}", client.ClientId);
            }
        }
    }

    /// <summary>
    /// A connection whose session another connection took over leaves its will as 3.1.4 and 3.1.2.5 say: the new
    /// connection came before any will delay ran out, so only a will without delay goes out, unless the new connection
    /// started a clean session and the old one has thereby ended.
    /// </summary>
    private MqttWill? WillAfterTakeover(MqttSession session, MqttWill? will)
    {
        var sessionEnded = !_sessions.TryGetValue(session.ClientId, out var current) || current != session;
        return will is not null && (sessionEnded || (will.Properties?.WillDelayInterval ?? 0) == 0) ? will : null;
    }

    private void PublishWill(string clientId, MqttWill will, uint sessionExpiry)
    {
        var delay = Math.Min(will.Properties?.WillDelayInterval ?? 0, sessionExpiry);
        if (delay == 0)
        {
            _ = RouteAsync(WillMessage(clientId, will)).AsTask();
            return;
        }

        var cancel = new CancellationTokenSource();
        _delayedWills[clientId] = cancel;
        _ = Task.Delay(TimeSpan.FromSeconds(delay), Time, cancel.Token).ContinueWith(
            t =>
            {
                if (!t.IsCanceled && _delayedWills.TryRemove(new KeyValuePair<string, CancellationTokenSource>(clientId, cancel)))
                {
                    _ = RouteAsync(WillMessage(clientId, will)).AsTask();
                }
            },
            TaskScheduler.Default);
    }

    /// <summary>
    /// The will as the PUBLISH it becomes: its properties less the Will Delay Interval, which belongs to CONNECT only
    /// (3.1.3.2.2; 3.3.2.3 lists what a PUBLISH carries), and its message expiry counted from now, when it is published.
    /// </summary>
    private MqttMessage WillMessage(string clientId, MqttWill will)
    {
        MqttProperties? properties = null;
        if (will.Properties is { } willProperties)
        {
            properties = willProperties.Clone();
            properties.WillDelayInterval = null;
        }

        return new MqttMessage
        {
            Topic = will.Topic,
            Payload = will.Payload,
            Qos = will.Qos,
            Retain = will.Retain,
            Properties = properties,
            SenderClientId = clientId,
            ExpiresAt = properties?.MessageExpiryInterval is { } seconds ? Time.GetUtcNow().AddSeconds(seconds) : null,
        };
    }

    internal bool Subscribe(MqttSession session, MqttSubscription subscription, uint? subscriptionId, string? group, string filter)
    {
        var entry = new SessionSubscription(session, subscription.Filter, subscription, subscriptionId, group);
        // The index changes under the session's gate, as removing a discarded session's subscriptions does, so a
        // SUBSCRIBE racing a takeover can neither outlive the session nor be undone halfway.
        lock (session.Gate)
        {
            if (session.Discarded)
            {
                return false;
            }

            var existed = session.Subscriptions.Remove(subscription.Filter, out var old);
            if (old is not null)
            {
                RemoveFromTree(old);
            }

            session.Subscriptions[subscription.Filter] = entry;
            if (group is null)
            {
                CountAdded(_tree.Add(filter, entry, (session, subscription.Filter)));
            }
            else
            {
                JoinSharedGroup(group, filter, entry);
            }

            return existed;
        }
    }

    internal bool Unsubscribe(MqttSession session, string filter)
    {
        lock (session.Gate)
        {
            if (!session.Subscriptions.Remove(filter, out var entry))
            {
                return false;
            }

            RemoveFromTree(entry);
            return true;
        }
    }

    /// <summary>The session is being dropped: its subscriptions leave the index and it takes no new ones.</summary>
    internal void DiscardSubscriptions(MqttSession session)
    {
        lock (session.Gate)
        {
            session.Discarded = true;
            foreach (var entry in session.Subscriptions.Values)
            {
                RemoveFromTree(entry);
            }

            session.Subscriptions.Clear();
        }
    }

    private void RemoveFromTree(SessionSubscription entry)
    {
        if (entry.ShareGroup is null)
        {
            CountRemoved(_tree.Remove(entry.Filter, (entry.Session, entry.Filter)));
            return;
        }

        TopicFilter.TryParseShared(entry.Filter, out var group, out var inner, out _);
        if (_sharedGroups.TryGetValue((group, inner), out var shared))
        {
            lock (shared.Members)
            {
                CountRemoved(shared.Members.Remove(entry));
                if (shared.Members.Count == 0)
                {
                    shared.Retired = true;
                    _sharedGroups.TryRemove((group, inner), out _);
                    _tree.Remove(inner, shared);
                }
            }
        }
    }

    private void JoinSharedGroup(string group, string filter, SessionSubscription entry)
    {
        while (true)
        {
            var shared = _sharedGroups.GetOrAdd((group, filter), key => new SharedGroup(key.Group, key.Filter));
            lock (shared.Members)
            {
                // Its last member may have left between the lookup and the lock; joining it then would go unrouted.
                if (shared.Retired)
                {
                    continue;
                }

                shared.Members.Add(entry);
                CountAdded(true);
                _tree.Add(filter, shared, shared);
                return;
            }
        }
    }

    private void CountAdded(bool added)
    {
        if (added)
        {
            Interlocked.Increment(ref _subscriptionCount);
        }
    }

    private void CountRemoved(bool removed)
    {
        if (removed)
        {
            Interlocked.Decrement(ref _subscriptionCount);
        }
    }

    /// <summary>Stores retained messages and hands a message to every matching subscriber, once per session.</summary>
    internal async ValueTask RouteAsync(MqttMessage message)
    {
        Interlocked.Increment(ref _received);
        if (message.Retain)
        {
            if (message.Payload.IsEmpty)
            {
                _retained.TryRemove(message.Topic, out _);
            }
            else
            {
                _retained[message.Topic] = message;
            }
        }

        var targets = new List<RouteTarget>();
        _tree.Match(message.Topic, targets);
        if (targets.Count == 0)
        {
            return;
        }

        Dictionary<MqttSession, (MqttQos Qos, bool Retain, List<uint>? Ids)>? merged = null;
        foreach (var target in targets)
        {
            switch (target)
            {
                case HandlerSubscription handler:
                    try
                    {
                        await handler.Handler(message);
                    }
                    catch (Exception ex)
                    {
                        Logger.LogError(ex, "In-process subscriber of {Filter} threw on {Topic}", handler.Filter, message.Topic);
                    }

                    break;
                case SharedGroup group:
                    if (group.Pick() is { } member)
                    {
                        Deliver(member, message, ref merged, shared: true);
                    }

                    break;
                case SessionSubscription subscription:
                    if (!(subscription.Options.NoLocal && subscription.Session.ClientId == message.SenderClientId))
                    {
                        Deliver(subscription, message, ref merged, shared: false);
                    }

                    break;
            }
        }

        if (merged is not null)
        {
            foreach (var (session, delivery) in merged)
            {
                session.Deliver(message, delivery.Qos, delivery.Retain, delivery.Ids);
                Interlocked.Increment(ref _sent);
            }
        }
    }

    private void Deliver(SessionSubscription subscription, MqttMessage message, ref Dictionary<MqttSession, (MqttQos, bool, List<uint>?)>? merged, bool shared)
    {
        var retain = message.Retain && subscription.Options.RetainAsPublished;
        var ids = subscription.SubscriptionId is { } id ? new List<uint> { id } : null;
        if (shared)
        {
            subscription.Session.Deliver(message, subscription.Options.Qos, retain, ids);
            Interlocked.Increment(ref _sent);
            return;
        }

        merged ??= [];
        if (merged.TryGetValue(subscription.Session, out var existing))
        {
            var allIds = existing.Item3 ?? ids;
            if (existing.Item3 is not null && ids is not null)
            {
                allIds = [.. existing.Item3, .. ids];
            }

            merged[subscription.Session] = ((MqttQos)Math.Max((byte)existing.Item1, (byte)subscription.Options.Qos), existing.Item2 || retain, allIds);
        }
        else
        {
            merged[subscription.Session] = (subscription.Options.Qos, retain, ids);
        }
    }

    internal void DeliverRetained(MqttSession session, string filter, MqttQos qos, bool retainAsPublished, uint? subscriptionId)
    {
        var now = Time.GetUtcNow();
        foreach (var message in _retained.Values)
        {
            if (TopicFilter.Matches(filter, message.Topic) && !(message.ExpiresAt is { } expiry && expiry <= now))
            {
                session.Deliver(message, qos, retain: true, subscriptionId is { } id ? [id] : null);
            }
        }
    }

    private void Housekeeping()
    {
        var now = Time.GetUtcNow();
        lock (_sessionGate)
        {
            foreach (var session in _sessions.Values)
            {
                if (!session.IsConnected && session.ExpiresAt is { } expiry && expiry <= now)
                {
                    DiscardSubscriptions(session);
                    _sessions.TryRemove(session.ClientId, out _);
                }
            }
        }

        foreach (var (topic, message) in _retained)
        {
            if (message.ExpiresAt is { } expiry && expiry <= now)
            {
                _retained.TryRemove(topic, out _);
            }
        }

        if (Options.SystemTopicsInterval > TimeSpan.Zero)
        {
            PublishSystemTopics(now);
        }
    }

    private void PublishSystemTopics(DateTimeOffset now)
    {
        void Sys(string topic, string value) => _ = RouteAsync(new MqttMessage { Topic = $"$SYS/broker/{topic}", Payload = Encoding.UTF8.GetBytes(value), Retain = true });

        Sys("version", "AIoT MQTT broker 1.0");
        Sys("uptime", $"{(long)(now - _startedAt).TotalSeconds} seconds");
        Sys("clients/connected", ConnectedClients.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sys("clients/total", _sessions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sys("messages/received", Interlocked.Read(ref _received).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sys("messages/sent", Interlocked.Read(ref _sent).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sys("retained messages/count", _retained.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sys("subscriptions/count", SubscriptionCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            StreamConnection connection;
            try
            {
                socket.NoDelay = true;
                connection = new StreamConnection(this, new NetworkStream(socket, ownsSocket: true), socket.RemoteEndPoint);
            }
            catch (SocketException)
            {
                // The client reset before it could be set up (some systems refuse the options then): the others carry on.
                socket.Dispose();
                continue;
            }

            Track(connection);
            _ = RunConnectionAsync(connection);
        }
    }

    private static async Task RunConnectionAsync(StreamConnection connection)
    {
        await Task.Yield();
        await connection.RunAsync();
    }

    /// <summary>
    /// How often CONNECT and keep-alive deadlines are checked. One walk over the connections per interval costs less
    /// than a timer per connection, at the price of closing a silent client up to one interval late.
    /// </summary>
    private static readonly TimeSpan DeadlineSweepInterval = TimeSpan.FromMilliseconds(500);

    private void SweepDeadlines()
    {
        var now = Time.GetTimestamp();
        var connectTimeout = (long)(Options.ConnectTimeout.TotalSeconds * Time.TimestampFrequency);
        foreach (var connection in Connections)
        {
            connection.CheckDeadline(now, connectTimeout);
            connection.CheckBackpressure(now);
        }
    }

    /// <summary>Closes every client (5.0 clients are told the server is shutting down) and stops; later calls wait for the first.</summary>
    public Task StopAsync()
    {
        lock (_stopGate)
        {
            return _stopped ??= StopOnceAsync();
        }
    }

    private async Task StopOnceAsync()
    {
        // No new clients first, so every client is among those closed below (ServeAsync checks this too).
        Interlocked.Exchange(ref _stopRequested, 1);
        _eventLoop?.StopAccepting();
        _listener?.Stop();
        await _stopping.CancelAsync();
        if (_acceptLoop is not null)
        {
            try
            {
                await _acceptLoop;
            }
            catch (Exception ex)
            {
                // Whatever ended it, the clients still have to be closed.
                Logger.LogWarning(ex, "The MQTT accept loop had failed");
            }
        }

        foreach (var connection in Connections)
        {
            connection.Close(MqttReasonCode.ServerShuttingDown);
        }

        _housekeeping?.Dispose();
        _deadlineSweep?.Dispose();
        var deadline = Environment.TickCount64 + 5000;
        while (ConnectionCount > 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        _eventLoop?.Dispose();

        Activity.Dispose();
        Logger.LogInformation("MQTT broker stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Metrics.Dispose();
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
