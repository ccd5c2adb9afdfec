namespace AIoT.Gateway.BrokerClient;

/// <summary>Where a broker is and as whom to join it: mqtt://[user:password@]host[:port], or mqtts:// for MQTT over TLS.</summary>
public sealed record BrokerAddress(string Host, int Port, bool UseTls, string? UserName, string? Password)
{
    public const int DefaultPort = 1883;

    public const int DefaultTlsPort = 8883;

    /// <summary>Parses the address; a bad one is an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static BrokerAddress Parse(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("mqtt" or "mqtts") || parsed.Host.Length == 0)
        {
            throw new ArgumentException($"'{uri}' is not an mqtt://host:port or mqtts://host:port address.");
        }

        if (parsed.AbsolutePath is not ("" or "/") || parsed.Query.Length > 0)
        {
            throw new ArgumentException($"'{uri}' has a path or query; a broker address is mqtt://host:port or mqtts://host:port.");
        }

        var useTls = parsed.Scheme == "mqtts";
        var port = parsed.IsDefaultPort || parsed.Port < 0 ? (useTls ? DefaultTlsPort : DefaultPort) : parsed.Port;
        string? userName = null;
        string? password = null;
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            userName = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }

        return new BrokerAddress(parsed.IdnHost.Trim('[', ']'), port, useTls, userName, password);
    }

    /// <summary>For logs and errors: scheme, host and port, never the password.</summary>
    public override string ToString() => $"{(UseTls ? "mqtts" : "mqtt")}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}
