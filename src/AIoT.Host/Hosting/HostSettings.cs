using System.Net;
using AIoT.Gateway.BrokerClient;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Hosting;

/// <summary>What the host runs with; every field has the embedded default that needs no external server.</summary>
public sealed record HostSettings
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

    /// <summary>Port of the Orleans silo on 127.0.0.1 (silo-to-silo traffic); 0 picks a free one.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Households of the demo population kept alive by the host; 0 for none.</summary>
    public int DemoHouseholds { get; init; } = 3;

    public int Seed { get; init; } = 2026;

    /// <summary>Simulated seconds per real second.</summary>
    public double SimulationSpeed { get; init; } = 60;

    /// <summary>Where the embedded MQTT broker listens ("127.0.0.1:1883"), or "off".</summary>
    public string Mqtt { get; init; } = "127.0.0.1:1883";

    /// <summary>Where the HTTP API and MQTT over WebSocket (/mqtt) listen ("127.0.0.1:8080"), or "off".</summary>
    public string Http { get; init; } = "127.0.0.1:8080";

    /// <summary>Anonymous MQTT clients: true anyone, false nobody; null: clients on this machine when --mqtt and --http listen on loopback only, else nobody.</summary>
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

    public IPEndPoint? MqttEndpoint => ParseEndpoint(Mqtt);

    public IPEndPoint? HttpEndpoint => ParseEndpoint(Http);

    public string GrainDatabasePath => Path.Combine(DataDirectory, "grains.db");

    /// <summary>The registered devices, in a file of their own: its writes never wait on grain state's, nor theirs on it.</summary>
    public string DirectoryDatabasePath => Path.Combine(DataDirectory, "devices.db");

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

        if (SiloPort is < 0 or > 65535)
        {
            return $"--silo-port must be between 0 (any free port) and 65535 (got {SiloPort}).";
        }

        if (DemoHouseholds is < 0 or > 10_000)
        {
            return $"--demo-households must be between 0 and 10000 (got {DemoHouseholds}).";
        }

        if (double.IsNaN(SimulationSpeed) || SimulationSpeed < 1 || SimulationSpeed > 100_000)
        {
            return $"--speed must be between 1 (real time) and 100000 (got {SimulationSpeed}).";
        }

        foreach (var (option, value) in new[] { ("--mqtt", Mqtt), ("--http", Http) })
        {
            if (!IsOff(value) && !IPEndPoint.TryParse(value, out _))
            {
                return $"{option} must be address:port like 127.0.0.1:1883, or off (got '{value}').";
            }
        }

        if (HttpEndpoint is { } http && !IPAddress.IsLoopback(http.Address) && string.IsNullOrEmpty(ApiToken))
        {
            return $"--http {Http} listens beyond this machine: give the API a token with --api-token (or AIOT_API_TOKEN), so that not everyone on the network can register devices and read their secrets.";
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

    private static bool IsOff(string value) => value.Equals("off", StringComparison.OrdinalIgnoreCase);

    private static IPEndPoint? ParseEndpoint(string value) => IsOff(value) ? null : IPEndPoint.Parse(value);
}
