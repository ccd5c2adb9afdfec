using System.Net;
using AIoT.Ecosystem.Runtime;
using AIoT.Gateway.BrokerClient;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using Orleans.Hosting;

namespace AIoT.Host.Hosting;

/// <summary>What the host runs with; every field has the embedded default that needs no external server.</summary>
public sealed partial record HostSettings
{
    public string DataDirectory { get; init; } = Path.GetFullPath("data");

    public bool InMemory { get; init; }

    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultSiloPort = 11111;

    /// <summary>Orleans' collection age: a grain idle this long is deactivated.</summary>
    public TimeSpan CollectionAge { get; init; } = DefaultCollectionAge;

    /// <summary>Orleans' response timeout: a grain call not answered within this fails.</summary>
    public TimeSpan CallTimeout { get; init; } = DefaultCallTimeout;

    /// <summary>How long a twin may hold reports unwritten; what a crash can lose of telemetry.</summary>
    public TimeSpan TelemetryFlush { get; init; } = TwinStorageOptions.DefaultTelemetryFlush;

    /// <summary>Port of the Orleans silo (silo-to-silo traffic) on <see cref="Advertise"/>; 0 picks a free one.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>How often the gateway and the broker sum up what devices and clients did in one Information line; no option sets it yet.</summary>
    internal TimeSpan LogSummaryInterval { get; init; } = AIoT.Gateway.GatewayOptions.DefaultLogSummaryInterval;

    /// <summary>Tests add to the silo here (a grain call filter that injects a failure); no option sets it.</summary>
    internal Action<ISiloBuilder>? ConfigureSilo { get; init; }

    /// <summary>Households of the demo population kept alive by the host; 0 for none.</summary>
    public const int DefaultDemoHouseholds = 3;

    public int DemoHouseholds { get; init; } = DefaultDemoHouseholds;

    public int Seed { get; init; } = 2026;

    /// <summary>Simulated seconds per real second.</summary>
    public double SimulationSpeed { get; init; } = 60;

    /// <summary>Where the embedded MQTT broker listens ("127.0.0.1:1883"), or "off".</summary>
    public string Mqtt { get; init; } = "127.0.0.1:1883";

    /// <summary>Where the HTTP API and MQTT over WebSocket (/mqtt) listen ("127.0.0.1:8080"), or "off".</summary>
    public string Http { get; init; } = "127.0.0.1:8080";

    /// <summary>Where the broker serves MQTT over TLS ("127.0.0.1:8883"), or "off".</summary>
    public string Mqtts { get; init; } = "off";

    /// <summary>Where the web server serves HTTPS, with MQTT over secure WebSocket at /mqtt ("127.0.0.1:8443"), or "off".</summary>
    public string Https { get; init; } = "off";

    /// <summary>The TLS certificate: a PEM file (with <see cref="TlsKey"/>, or with its key inside) or a PFX; null makes and keeps a self-signed one under the data folder.</summary>
    public string? TlsCert { get; init; }

    /// <summary>The PEM private key of <see cref="TlsCert"/>, when it is in a file of its own.</summary>
    public string? TlsKey { get; init; }

    /// <summary>The password of the PFX, or of an encrypted PEM key.</summary>
    public string? TlsPassword { get; init; }

    /// <summary>Anonymous MQTT clients: true anyone, false nobody; null: clients on this machine when every MQTT and web listener is on loopback, else nobody.</summary>
    public bool? AllowAnonymous { get; init; }

    /// <summary>mqtt://user:password@host:port (or mqtts:// for TLS) of an existing broker the gateway joins instead of running the embedded one.</summary>
    public string? ExternalBroker { get; init; }

    /// <summary>PEM file of the CAs that issue the external broker's TLS certificate (mqtts://), when the system does not trust them.</summary>
    public string? ExternalBrokerCaFile { get; init; }

    /// <summary>SHA-256 fingerprint of the one TLS certificate the external broker may present (a self-signed one), when not issued by a trusted CA.</summary>
    public string? ExternalBrokerFingerprint { get; init; }

    /// <summary>Bearer token the HTTP API requires; needed once --http listens beyond loopback.</summary>
    public string? ApiToken { get; init; }

    /// <summary>Publish Home Assistant MQTT discovery (and each connected device's retained state) so Home Assistant sees the twins.</summary>
    public bool HomeAssistant { get; init; }

    /// <summary>Base address of an OpenTelemetry collector (http://host:4318 for OTLP/HTTP) to push metrics and traces to; null for none.</summary>
    public string? Otlp { get; init; }

    /// <summary>How OTLP is sent: http/protobuf (the collector's port 4318) or grpc (port 4317).</summary>
    public string OtlpProtocolName { get; init; } = "http/protobuf";

    public static readonly TimeSpan DefaultOtlpInterval = TimeSpan.FromMinutes(1);

    /// <summary>How often metrics are pushed over OTLP (traces go in batches as they come).</summary>
    public TimeSpan OtlpInterval { get; init; } = DefaultOtlpInterval;

    public Uri? OtlpEndpoint => Otlp is null ? null : new Uri(Otlp, UriKind.Absolute);

    public OtlpExportProtocol OtlpProtocol => OtlpProtocolName.Equals("grpc", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

    public IPEndPoint? MqttEndpoint => ParseEndpoint(Mqtt);

    public IPEndPoint? HttpEndpoint => ParseEndpoint(Http);

    public IPEndPoint? MqttsEndpoint => ParseEndpoint(Mqtts);

    public IPEndPoint? HttpsEndpoint => ParseEndpoint(Https);

    /// <summary>Whether anything listens with TLS, and so needs a certificate.</summary>
    public bool UsesTls => MqttsEndpoint is not null || HttpsEndpoint is not null;

    /// <summary>Where the self-signed certificate is kept when no --tls-cert is given.</summary>
    public string TlsDirectory => Path.Combine(DataDirectory, "tls");

    public string GrainDatabasePath => Path.Combine(DataDirectory, "grains.db");

    /// <summary>The registered devices, in a file of their own: its writes never wait on grain state's, nor theirs on it.</summary>
    public string DirectoryDatabasePath => Path.Combine(DataDirectory, "devices.db");

    /// <summary>Households, people, vehicles and household devices by id, for listing and search.</summary>
    public string IndexDatabasePath => Path.Combine(DataDirectory, "index.db");

    /// <summary>Null when the settings make sense; otherwise what is wrong, naming the option.</summary>
    public string? Validate()
    {
        if (CollectionAge < TimeSpan.FromSeconds(1))
        {
            return $"--collection-age must be at least 00:00:01 (got {CollectionAge}).";
        }

        if (CallTimeout <= TimeSpan.Zero)
        {
            return $"--call-timeout must be positive (got {CallTimeout}).";
        }

        if (TelemetryFlush < TimeSpan.FromMilliseconds(100) || TelemetryFlush > TimeSpan.FromHours(1))
        {
            return $"--telemetry-flush must be between 00:00:00.1 and 01:00:00 (got {TelemetryFlush}).";
        }

        if (SiloPort is < 0 or > 65535)
        {
            return $"--silo-port must be between 0 (any free port) and 65535 (got {SiloPort}).";
        }

        if (ValidateCluster() is { } clusterProblem)
        {
            return clusterProblem;
        }

        if (DemoHouseholds is < 0 or > 10_000)
        {
            return $"--demo-households must be between 0 and 10000 (got {DemoHouseholds}).";
        }

        if (double.IsNaN(SimulationSpeed) || SimulationSpeed < 1 || SimulationSpeed > 100_000)
        {
            return $"--speed must be between 1 (real time) and 100000 (got {SimulationSpeed}).";
        }

        foreach (var (option, value, example) in new[] { ("--mqtt", Mqtt, "127.0.0.1:1883"), ("--http", Http, "127.0.0.1:8080"), ("--mqtts", Mqtts, "127.0.0.1:8883"), ("--https", Https, "127.0.0.1:8443") })
        {
            if (!IsOff(value) && !IPEndPoint.TryParse(value, out _))
            {
                return $"{option} must be address:port like {example}, or off (got '{value}').";
            }
        }

        foreach (var (option, value, endpoint) in new[] { ("--http", Http, HttpEndpoint), ("--https", Https, HttpsEndpoint) })
        {
            if (endpoint is { } web && !IPAddress.IsLoopback(web.Address) && string.IsNullOrEmpty(ApiToken))
            {
                return $"{option} {value} listens beyond this machine: give the API a token with --api-token (or AIOT_API_TOKEN), so that not everyone on the network can register devices and read their secrets.";
            }
        }

        if (ValidateOtlp() is { } otlpProblem)
        {
            return otlpProblem;
        }

        if (MqttsEndpoint is not null && (ExternalBroker is not null || MqttEndpoint is null))
        {
            return ExternalBroker is not null
                ? "--mqtts serves the embedded broker, which --broker replaces: leave --mqtts out."
                : "--mqtts needs the embedded broker's --mqtt listener: keep it on loopback (--mqtt 127.0.0.1:1883) if only TLS should reach the network.";
        }

        if (TlsCert is null && (TlsKey is not null || TlsPassword is not null))
        {
            return $"{(TlsKey is not null ? "--tls-key" : "--tls-password")} belongs to a certificate: give it with --tls-cert (or leave both out for the self-signed certificate under {TlsDirectory}).";
        }

        if (TlsCert is not null && !UsesTls)
        {
            return "--tls-cert is given but nothing listens with TLS: add --mqtts address:port (MQTT over TLS, usually port 8883) or --https address:port.";
        }

        if (ExternalBroker is null && (ExternalBrokerCaFile ?? ExternalBrokerFingerprint) is not null)
        {
            return "--broker-ca and --broker-fingerprint are for an external broker: give it with --broker mqtts://host:port.";
        }

        if (ExternalBroker is not null)
        {
            BrokerAddress address;
            try
            {
                address = BrokerAddress.Parse(ExternalBroker);
            }
            catch (ArgumentException ex)
            {
                return $"--broker: {ex.Message}";
            }

            if (!address.UseTls && (ExternalBrokerCaFile ?? ExternalBrokerFingerprint) is not null)
            {
                return $"--broker-ca and --broker-fingerprint check a TLS certificate, and {address} is plain MQTT: use mqtts://.";
            }

            try
            {
                BrokerTrust.Create(ExternalBrokerCaFile, ExternalBrokerFingerprint);
            }
            catch (BrokerTrustException ex)
            {
                return $"{ex.Option}: {ex.Message}";
            }
        }

        return null;
    }

    private string? ValidateOtlp()
    {
        if (Otlp is not null
            && (!Uri.TryCreate(Otlp, UriKind.Absolute, out var otlp) || otlp.Scheme is not ("http" or "https") || otlp.Host.Length == 0 || otlp.Query.Length > 0))
        {
            return $"--otlp must be the http:// or https:// address of an OpenTelemetry collector, like http://127.0.0.1:4318 (got '{Otlp}').";
        }

        if (!OtlpProtocolName.Equals("http/protobuf", StringComparison.OrdinalIgnoreCase) && !OtlpProtocolName.Equals("grpc", StringComparison.OrdinalIgnoreCase))
        {
            return $"--otlp-protocol must be http/protobuf (a collector's port 4318) or grpc (port 4317) (got '{OtlpProtocolName}').";
        }

        if (OtlpInterval < TimeSpan.FromSeconds(1) || OtlpInterval > TimeSpan.FromDays(1))
        {
            return $"--otlp-interval must be between 00:00:01 and 1.00:00:00 (got {OtlpInterval}).";
        }

        return null;
    }

    private static bool IsOff(string value) => value.Equals("off", StringComparison.OrdinalIgnoreCase);

    private static IPEndPoint? ParseEndpoint(string value) => IsOff(value) ? null : IPEndPoint.Parse(value);
}
