using Microsoft.Extensions.Logging;

namespace AIoT.Mqtt.Diagnostics;

/// <summary>
/// What the broker did to its clients, summed per interval into one Information line ("12 connections refused for
/// their credentials in the last 10 s; 3 clients silent past their keep-alive"); each client's own line is at Debug.
/// </summary>
internal sealed class BrokerActivitySummary(ILogger logger, TimeSpan interval, TimeProvider time) : IDisposable
{
    private enum Kind
    {
        CredentialsRefused,
        ConnectRefused,
        ConnectTimedOut,
        KeepAliveExpired,
        ProtocolError,
        NotReading,
        PublishRefused,
        SubscriptionRefused,
        TlsHandshakeFailed,
    }

    private static readonly SummaryPhrase[] Phrases =
    [
        new("connection refused for its credentials", "connections refused for their credentials"),
        new("connection refused for another reason", "connections refused for other reasons"),
        new("connection closed with no CONNECT in time", "connections closed with no CONNECT in time"),
        new("client silent past its keep-alive", "clients silent past their keep-alive"),
        new("connection closed for a protocol error", "connections closed for protocol errors"),
        new("client closed for not reading", "clients closed for not reading"),
        new("publish refused", "publishes refused"),
        new("subscription refused", "subscriptions refused"),
        new("TLS handshake failed", "TLS handshakes failed"),
    ];

    private readonly EventSummary _summary = new(logger, interval, time, Phrases);

    /// <summary>The authentication hook said no.</summary>
    public void CredentialsRefused() => _summary.Count((int)Kind.CredentialsRefused);

    /// <summary>A CONNECT refused for what it asked (a keep-alive over the maximum, a will it may not publish, enhanced authentication).</summary>
    public void ConnectRefused() => _summary.Count((int)Kind.ConnectRefused);

    public void ConnectTimedOut() => _summary.Count((int)Kind.ConnectTimedOut);

    public void KeepAliveExpired() => _summary.Count((int)Kind.KeepAliveExpired);

    public void ProtocolError() => _summary.Count((int)Kind.ProtocolError);

    public void NotReading() => _summary.Count((int)Kind.NotReading);

    public void PublishRefused() => _summary.Count((int)Kind.PublishRefused);

    public void SubscriptionRefused() => _summary.Count((int)Kind.SubscriptionRefused);

    public void TlsHandshakeFailed() => _summary.Count((int)Kind.TlsHandshakeFailed);

    public void Dispose() => _summary.Dispose();
}
