using System.Collections.Concurrent;
using System.Security.Authentication;
using System.Text;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace AIoT.Gateway.BrokerClient;

/// <summary>
/// One MQTTnet client kept connected to a broker: reconnects with backoff after a lost connection and subscribes
/// again when the broker kept no session. Messages reach <see cref="MessageReceived"/> one at a time, in order;
/// MQTTnet acknowledges a QoS 1/2 message once the handler has returned.
/// </summary>
public sealed class BrokerConnection : IAsyncDisposable
{
    private static readonly MqttClientFactory Factory = new();

    private readonly BrokerClientOptions _options;
    private readonly MqttClientOptions _clientOptions;
    private readonly IMqttClient _client;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, MqttSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _reconnecting;
    private volatile bool _userDisconnected;

    public BrokerConnection(BrokerClientOptions options, ILogger? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _clientOptions = ClientOptions(options);
        _client = Factory.CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    /// <summary>Called for each message received, in order; a handler that throws is logged and the message acknowledged.</summary>
    public Func<MqttMessage, ValueTask>? MessageReceived { get; set; }

    /// <summary>Raised after every successful connect, the first and each reconnect.</summary>
    public event Action? Connected;

    public bool IsConnected => _client.IsConnected;

    public string ClientId => _options.ClientId;

    /// <exception cref="BrokerConnectException">The broker cannot be reached or refuses the connection.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        _userDisconnected = false;
        return ConnectCoreAsync(cancellationToken);
    }

    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtMostOnce, bool retain = false, MqttProperties? properties = null)
    {
        var message = MqttNetMessages.ToApplicationMessage(topic, payload, qos, retain, _options.ProtocolVersion == MqttProtocolVersion.V500 ? properties : null);
        using var timeout = new CancellationTokenSource(_options.AckTimeout);
        var result = await _client.PublishAsync(message, timeout.Token);
        if ((int)result.ReasonCode >= 0x80)
        {
            throw new IOException($"The broker refused the publish to '{topic}': {result.ReasonCode}{(result.ReasonString is { } why ? $" ({why})" : "")}.");
        }
    }

    public Task PublishAsync(string topic, string payload, MqttQos qos = MqttQos.AtMostOnce, bool retain = false) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload), qos, retain);

    /// <summary>Subscribes, and again after each reconnect that finds no session; returns the broker's code per filter.</summary>
    public async Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(params MqttSubscription[] subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            _subscriptions[subscription.Filter] = subscription;
        }

        return await SubscribeCoreAsync(subscriptions);
    }

    public async Task DisconnectAsync()
    {
        _userDisconnected = true;
        if (!_client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.AckTimeout);
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug("{ClientId} left without a clean DISCONNECT: {Reason}", _options.ClientId, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _userDisconnected = true;
        await _stopping.CancelAsync();
        await DisconnectAsync();
        _client.Dispose();
    }

    private async Task ConnectCoreAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        MqttClientConnectResult result;
        try
        {
            result = await _client.ConnectAsync(_clientOptions, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            throw new BrokerConnectException(null, $"Cannot reach the broker at {_options.Address} within {_options.ConnectTimeout.TotalSeconds:0.#} s.", ex);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or IOException or AuthenticationException)
        {
            var tls = _options.Address.UseTls && _options.Trust.LastRefusal is { } refusal ? $": {refusal}" : $": {Innermost(ex).Message}";
            throw new BrokerConnectException(null, $"Cannot reach the broker at {_options.Address}{tls}", ex);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new BrokerConnectException(
                (MqttReasonCode)(byte)result.ResultCode,
                $"The broker at {_options.Address} refused the connection: {result.ResultCode}{(result.ReasonString is { Length: > 0 } why ? $" ({why})" : "")}.");
        }

        if (!result.IsSessionPresent && !_subscriptions.IsEmpty)
        {
            _ = ResubscribeAsync();
        }

        Connected?.Invoke();
    }

    private async Task<IReadOnlyList<MqttReasonCode>> SubscribeCoreAsync(IReadOnlyCollection<MqttSubscription> subscriptions)
    {
        var builder = Factory.CreateSubscribeOptionsBuilder();
        foreach (var subscription in subscriptions)
        {
            builder.WithTopicFilter(
                subscription.Filter,
                (MqttQualityOfServiceLevel)subscription.Qos,
                subscription.NoLocal,
                subscription.RetainAsPublished,
                (MqttRetainHandling)subscription.RetainHandling);
        }

        using var timeout = new CancellationTokenSource(_options.AckTimeout);
        var result = await _client.SubscribeAsync(builder.Build(), timeout.Token);
        return [.. result.Items.Select(item => (MqttReasonCode)(byte)item.ResultCode)];
    }

    private async Task ResubscribeAsync()
    {
        try
        {
            var subscriptions = _subscriptions.Values.ToList();
            var granted = await SubscribeCoreAsync(subscriptions);
            foreach (var (subscription, code) in subscriptions.Zip(granted).Where(pair => (byte)pair.Second >= 0x80))
            {
                _logger.LogWarning("After reconnecting, the broker refused {ClientId}'s subscription to {Filter}: {Code}", _options.ClientId, subscription.Filter, code);
            }
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
        {
            // Lost again meanwhile; the next connect subscribes again.
            _logger.LogDebug("Subscribing again as {ClientId} failed: {Reason}", _options.ClientId, ex.Message);
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (MessageReceived is not { } handler)
        {
            return;
        }

        try
        {
            await handler(MqttNetMessages.ToMessage(e.ApplicationMessage));
        }
        catch (Exception ex)
        {
            // Caught here so MQTTnet still acknowledges: a message its handler cannot take would otherwise come back forever.
            _logger.LogError(ex, "The message handler of {ClientId} threw on {Topic}", _options.ClientId, e.ApplicationMessage.Topic);
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        // MQTTnet also raises this after a failed connect; only a connection that was up is reconnected here.
        if (!e.ClientWasConnected)
        {
            return Task.CompletedTask;
        }

        _logger.LogDebug("Connection of {ClientId} to {Broker} ended: {Reason}", _options.ClientId, _options.Address, e.Exception?.Message ?? e.Reason.ToString());
        if (_options.AutoReconnect && !_userDisconnected && !_stopping.IsCancellationRequested && Interlocked.Exchange(ref _reconnecting, 1) == 0)
        {
            _ = ReconnectAsync();
        }

        return Task.CompletedTask;
    }

    private async Task ReconnectAsync()
    {
        var delay = _options.ReconnectDelayMin;
        while (!_userDisconnected && !_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _stopping.Token);
                await ConnectCoreAsync(_stopping.Token);
                _logger.LogInformation("{ClientId} reconnected to {Broker}", _options.ClientId, _options.Address);
                Volatile.Write(ref _reconnecting, 0);

                // Lost again before this loop let go: unless that loss started a loop of its own, this one carries on.
                if (_client.IsConnected || Interlocked.Exchange(ref _reconnecting, 1) != 0)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogDebug("Reconnect of {ClientId} failed: {Reason}; next try in {Delay}", _options.ClientId, ex.Message, delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectDelayMax.Ticks));
            }
        }

        Volatile.Write(ref _reconnecting, 0);
    }

    private static MqttClientOptions ClientOptions(BrokerClientOptions options)
    {
        var v5 = options.ProtocolVersion == MqttProtocolVersion.V500;
        var builder = Factory.CreateClientOptionsBuilder()
            .WithTcpServer(options.Address.Host, options.Address.Port)
            .WithClientId(options.ClientId)
            .WithProtocolVersion(v5 ? MQTTnet.Formatter.MqttProtocolVersion.V500 : MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCleanStart(options.CleanStart)
            .WithTimeout(options.AckTimeout);
        builder = options.KeepAliveSeconds == 0 ? builder.WithNoKeepAlive() : builder.WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds));
        if (options.UserName is not null)
        {
            builder.WithCredentials(options.UserName, options.Password is null ? null : Encoding.UTF8.GetBytes(options.Password));
        }

        if (v5 && options.SessionExpirySeconds > 0)
        {
            builder.WithSessionExpiryInterval(options.SessionExpirySeconds);
        }

        if (options.Will is { } will)
        {
            builder.WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload.ToArray())
                .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)will.Qos)
                .WithWillRetain(will.Retain);
            if (v5 && will.Properties?.WillDelayInterval is { } delay)
            {
                builder.WithWillDelayInterval(delay);
            }
        }

        if (options.Address.UseTls)
        {
            var trust = options.Trust;
            builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithTargetHost(options.Address.Host)
                .WithCertificateValidationHandler(e => trust.Accepts(e.Certificate, e.SslPolicyErrors)));
        }

        var built = builder.Build();

        // MQTTnet's default 4 KiB write buffer per client adds up over thousands of emulated devices; it grows for a bigger packet.
        built.WriterBufferSize = 1024;
        return built;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
