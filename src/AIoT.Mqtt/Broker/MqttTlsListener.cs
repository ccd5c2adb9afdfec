using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIoT.Mqtt.Broker;

/// <summary>
/// MQTT over TLS (usually port 8883) for a broker: accepts TCP clients, runs the TLS handshake with
/// <see cref="SslStream"/> and hands the decrypted stream to <see cref="MqttBroker.ServeAsync"/>. TLS clients are
/// served by the stream transport, not the broker's own event loop. Dispose it before the broker.
/// </summary>
public sealed class MqttTlsListener : IAsyncDisposable
{
    private readonly MqttBroker _broker;
    private readonly IPEndPoint _endpoint;
    private readonly SslServerAuthenticationOptions _authentication;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private long _handshakeFailures;

    /// <param name="certificate">The server's certificate, with its private key.</param>
    /// <param name="chain">Intermediate certificates sent after it, if a CA other than the client's trust anchor issued it.</param>
    public MqttTlsListener(MqttBroker broker, IPEndPoint endpoint, X509Certificate2 certificate, X509Certificate2Collection? chain = null, ILogger<MqttTlsListener>? logger = null)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The certificate {certificate.Subject} has no private key; a TLS server needs one.", nameof(certificate));
        }

        _broker = broker;
        _endpoint = endpoint;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _authentication = new SslServerAuthenticationOptions
        {
            // Built once: the chain and the key are shared by every handshake instead of looked up per client.
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, chain, offline: true),
            ClientCertificateRequired = false,
            // The system's choice (TLS 1.2 and 1.3 on current Linux); older versions stay refused.
            EnabledSslProtocols = SslProtocols.None,
        };
    }

    /// <summary>The TCP port bound, once started.</summary>
    public int Port { get; private set; }

    /// <summary>Handshakes that failed (not TLS, an untrusted certificate on the client's side, a timeout), since the start.</summary>
    public long HandshakeFailures => Interlocked.Read(ref _handshakeFailures);

    /// <summary>Binds and starts accepting; throws <see cref="SocketException"/> when the address cannot be bound.</summary>
    public void Start()
    {
        _listener = new TcpListener(_endpoint);
        _listener.Server.NoDelay = true;
        _listener.Start(backlog: 4096);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
        _logger.LogInformation("MQTT over TLS listening on {Address}:{Port}", _endpoint.Address, Port);
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
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (!stopping.IsCancellationRequested)
            {
                // A client gone before it was accepted; the listener itself is fine.
                _logger.LogDebug("MQTT over TLS: accept failed: {Reason}", ex.Message);
                continue;
            }
            catch (SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket, stopping), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        var remote = socket.RemoteEndPoint;
        SslStream tls;
        try
        {
            socket.NoDelay = true;
            tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        }
        catch (SocketException)
        {
            // Reset before it could be set up.
            socket.Dispose();
            return;
        }

        try
        {
            // The broker's CONNECT deadline starts once the stream is handed over; the handshake gets the same time of its own.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(_broker.Options.ConnectTimeout);
            await tls.AuthenticateAsServerAsync(_authentication, deadline.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _handshakeFailures);
            _broker.Metrics.TlsHandshakeFailures.Add(1);
            if (!stopping.IsCancellationRequested)
            {
                _broker.Activity.TlsHandshakeFailed();
                _logger.LogDebug("MQTT over TLS: handshake with {Remote} failed: {Reason}", remote, ex is OperationCanceledException ? $"no handshake within {_broker.Options.ConnectTimeout.TotalSeconds:0.#} s" : Innermost(ex).Message);
            }

            await tls.DisposeAsync();
            return;
        }

        try
        {
            await _broker.ServeAsync(tls, remote, stopping);
        }
        catch (Exception ex)
        {
            // One client's end never takes the listener down.
            _logger.LogWarning(ex, "MQTT over TLS: serving {Remote} failed", remote);
            await tls.DisposeAsync();
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    /// <summary>Stops accepting, ends handshakes in progress and closes the TLS clients (5.0 clients are told the server is shutting down).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }
    }
}
