using System.CommandLine;
using AIoT.Ecosystem.Runtime;
using AIoT.Host.Hosting;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Cli;

/// <summary>The options of the host command, and their translation into <see cref="HostSettings"/>.</summary>
internal sealed class HostCommandOptions
{
    private readonly Option<FileInfo?> _config = new("--config")
    {
        Description = "A JSON file of host options, e.g. { \"cluster\": \"postgres://...\", \"silo-port\": 11112 } (env AIOT_CONFIG); the command line and the options' environment variables win over it.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Variables.Config) is { Length: > 0 } path ? new FileInfo(path) : null,
    };

    private readonly Option<DirectoryInfo> _data = new("--data")
    {
        Description = "Folder for durable state (SQLite). Created if missing.",
        DefaultValueFactory = _ => new DirectoryInfo(Environment.GetEnvironmentVariable(Variables.Data) ?? "data"),
    };

    private readonly Option<bool> _inMemory = new("--in-memory")
    {
        Description = "Keep grain state in memory only; nothing survives a restart.",
    };

    private readonly Option<TimeSpan> _collectionAge = new("--collection-age")
    {
        Description = "Deactivate grains idle this long (hh:mm:ss); Orleans' collection age.",
        DefaultValueFactory = _ => HostSettings.DefaultCollectionAge,
    };

    private readonly Option<TimeSpan> _callTimeout = new("--call-timeout")
    {
        Description = "Fail grain calls not answered within this time (hh:mm:ss); Orleans' response timeout.",
        DefaultValueFactory = _ => HostSettings.DefaultCallTimeout,
    };

    private readonly Option<TimeSpan> _telemetryFlush = new("--telemetry-flush")
    {
        Description = "How long a twin may hold device reports before writing them (hh:mm:ss): at most this much telemetry is lost when the process dies. Commands and registrations are written at once.",
        DefaultValueFactory = _ => TwinStorageOptions.DefaultTelemetryFlush,
    };

    private readonly Option<int> _siloPort = new("--silo-port")
    {
        Description = "Port of the Orleans silo, for silo-to-silo traffic (0: any free port).",
        DefaultValueFactory = _ => HostSettings.DefaultSiloPort,
    };

    private readonly Option<int?> _gatewayPort = new("--gateway-port")
    {
        Description = "Port of the Orleans client gateway (0: any free port; default 30000 with --cluster, none without).",
    };

    private readonly Option<string?> _cluster = new("--cluster")
    {
        Description = "Join a cluster of silos on one PostgreSQL database: postgres://user:password@host:port/db (env AIOT_CLUSTER). Membership, grain state, the device directory and the ecosystem index go there.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Variables.Cluster),
    };

    private readonly Option<string?> _advertise = new("--advertise")
    {
        Description = "The IP address the other silos reach this one at, and the silo listens on (default: 127.0.0.1 alone, this machine's first network address with --cluster).",
    };

    private readonly Option<LogLevel> _logLevel = new("--log-level")
    {
        Description = "Minimum level of log lines: Trace, Debug, Information, Warning, Error.",
        DefaultValueFactory = _ => LogLevel.Information,
    };

    private readonly Option<int?> _demoHouseholds = new("--demo-households")
    {
        Description = "Households of the demo population to create and simulate (0 for none; default 3, or none with --cluster, where one node is enough to run them).",
    };

    private readonly Option<int> _seed = new("--seed")
    {
        Description = "Seed of the demo population and its simulation; the same seed gives the same homes and days.",
        DefaultValueFactory = _ => 2026,
    };

    private readonly Option<double> _speed = new("--speed")
    {
        Description = "Simulated seconds per real second (60: a simulated minute each second).",
        DefaultValueFactory = _ => 60,
    };

    private readonly Option<string> _mqtt = new("--mqtt")
    {
        Description = "Where the embedded MQTT broker listens (address:port), or off.",
        DefaultValueFactory = _ => "127.0.0.1:1883",
    };

    private readonly Option<string> _http = new("--http")
    {
        Description = "Where the HTTP API and MQTT over WebSocket (/mqtt) listen (address:port), or off.",
        DefaultValueFactory = _ => "127.0.0.1:8080",
    };

    private readonly Option<string> _mqtts = new("--mqtts")
    {
        Description = "Where the embedded broker serves MQTT over TLS (address:port, usually port 8883), or off.",
        DefaultValueFactory = _ => "off",
    };

    private readonly Option<string> _https = new("--https")
    {
        Description = "Where the HTTP API and MQTT over secure WebSocket (wss, /mqtt) listen with TLS (address:port), or off.",
        DefaultValueFactory = _ => "off",
    };

    private readonly Option<string?> _tlsCert = new("--tls-cert")
    {
        Description = "Certificate for --mqtts and --https: a PEM file (key in --tls-key or in the same file) or a PFX. Default: a self-signed one made once and kept in <data>/tls.",
    };

    private readonly Option<string?> _tlsKey = new("--tls-key")
    {
        Description = "PEM private key of --tls-cert.",
    };

    private readonly Option<string?> _tlsPassword = new("--tls-password")
    {
        Description = "Password of the --tls-cert PFX, or of an encrypted --tls-key (env AIOT_TLS_PASSWORD).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Variables.TlsPassword),
    };

    private readonly Option<bool?> _allowAnonymous = new("--allow-anonymous")
    {
        Description = "MQTT clients without credentials: true lets in anyone who reaches the broker, false nobody (default: clients on this machine while --mqtt and --http listen on loopback; nobody otherwise).",
    };

    private readonly Option<string?> _broker = new("--broker")
    {
        Description = "Join an existing broker (mqtt://user:password@host:port, or mqtts:// for TLS, port 8883 by default) instead of running the embedded one.",
    };

    private readonly Option<string?> _brokerCa = new("--broker-ca")
    {
        Description = "With --broker mqtts://: PEM file of the CA that issued the broker's certificate, when the system does not trust it.",
    };

    private readonly Option<string?> _brokerFingerprint = new("--broker-fingerprint")
    {
        Description = "With --broker mqtts://: SHA-256 fingerprint of the broker's certificate to accept whoever issued it (a self-signed one).",
    };

    private readonly Option<bool> _homeAssistant = new("--homeassistant")
    {
        Description = "Publish Home Assistant MQTT discovery for connected devices (homeassistant/...).",
    };

    private readonly Option<string?> _apiToken = new("--api-token")
    {
        Description = "Token the HTTP API requires as 'Authorization: Bearer <token>' (env AIOT_API_TOKEN); required when --http is not on loopback.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Variables.ApiToken),
    };

    private readonly Option<string?> _otlp = new("--otlp")
    {
        Description = "Push metrics and traces to this OpenTelemetry collector (http://host:4318; env AIOT_OTLP). Without it, metrics are only served on /metrics.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Variables.Otlp),
    };

    private readonly Option<string> _otlpProtocol = new("--otlp-protocol")
    {
        Description = "How --otlp is sent: http/protobuf (port 4318) or grpc (port 4317).",
        DefaultValueFactory = _ => "http/protobuf",
    };

    private readonly Option<TimeSpan> _otlpInterval = new("--otlp-interval")
    {
        Description = "How often metrics are pushed to --otlp (hh:mm:ss).",
        DefaultValueFactory = _ => HostSettings.DefaultOtlpInterval,
    };

    /// <summary>The environment variables options read when the command line leaves them out.</summary>
    private static class Variables
    {
        public const string Config = "AIOT_CONFIG";
        public const string Data = "AIOT_DATA";
        public const string TlsPassword = "AIOT_TLS_PASSWORD";
        public const string ApiToken = "AIOT_API_TOKEN";
        public const string Otlp = "AIOT_OTLP";
        public const string Cluster = "AIOT_CLUSTER";
    }

    /// <summary>The environment variable each option reads when the command line leaves it out.</summary>
    private IReadOnlyDictionary<Option, string> EnvironmentVariables => new Dictionary<Option, string>
    {
        [_data] = Variables.Data,
        [_tlsPassword] = Variables.TlsPassword,
        [_apiToken] = Variables.ApiToken,
        [_otlp] = Variables.Otlp,
        [_cluster] = Variables.Cluster,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_config);
        command.Options.Add(_otlp);
        command.Options.Add(_otlpProtocol);
        command.Options.Add(_otlpInterval);
        command.Options.Add(_apiToken);
        command.Options.Add(_homeAssistant);
        command.Options.Add(_mqtt);
        command.Options.Add(_http);
        command.Options.Add(_mqtts);
        command.Options.Add(_https);
        command.Options.Add(_tlsCert);
        command.Options.Add(_tlsKey);
        command.Options.Add(_tlsPassword);
        command.Options.Add(_allowAnonymous);
        command.Options.Add(_broker);
        command.Options.Add(_brokerCa);
        command.Options.Add(_brokerFingerprint);
        command.Options.Add(_demoHouseholds);
        command.Options.Add(_seed);
        command.Options.Add(_speed);
        command.Options.Add(_data);
        command.Options.Add(_inMemory);
        command.Options.Add(_collectionAge);
        command.Options.Add(_callTimeout);
        command.Options.Add(_telemetryFlush);
        command.Options.Add(_siloPort);
        command.Options.Add(_gatewayPort);
        command.Options.Add(_cluster);
        command.Options.Add(_advertise);
        command.Options.Add(_logLevel);
    }

    public bool TryRead(ParseResult result, out HostSettings settings, out string error)
    {
        settings = new HostSettings();
        if (result.GetValue(_config) is { } config)
        {
            var command = result.CommandResult.Command;
            if (!HostConfigFile.TryMerge(config.FullName, result, [.. command.Options], EnvironmentVariables, out var arguments, out error))
            {
                return false;
            }

            result = command.Parse(arguments);
            if (result.Errors.Count > 0)
            {
                error = $"--config {config.FullName}: {string.Join("; ", result.Errors.Select(e => e.Message))}";
                return false;
            }
        }

        settings = new HostSettings
        {
            DataDirectory = result.GetValue(_data)!.FullName,
            InMemory = result.GetValue(_inMemory),
            CollectionAge = result.GetValue(_collectionAge),
            CallTimeout = result.GetValue(_callTimeout),
            TelemetryFlush = result.GetValue(_telemetryFlush),
            SiloPort = result.GetValue(_siloPort),
            GatewayPort = result.GetValue(_gatewayPort),
            Cluster = result.GetValue(_cluster) is { Length: > 0 } cluster ? cluster : null,
            Advertise = result.GetValue(_advertise),
            LogLevel = result.GetValue(_logLevel),
            Seed = result.GetValue(_seed),
            SimulationSpeed = result.GetValue(_speed),
            Mqtt = result.GetValue(_mqtt)!,
            Http = result.GetValue(_http)!,
            Mqtts = result.GetValue(_mqtts)!,
            Https = result.GetValue(_https)!,
            TlsCert = result.GetValue(_tlsCert),
            TlsKey = result.GetValue(_tlsKey),
            TlsPassword = result.GetValue(_tlsPassword),
            AllowAnonymous = result.GetValue(_allowAnonymous),
            ExternalBroker = result.GetValue(_broker),
            ExternalBrokerCaFile = result.GetValue(_brokerCa),
            ExternalBrokerFingerprint = result.GetValue(_brokerFingerprint),
            HomeAssistant = result.GetValue(_homeAssistant),
            ApiToken = result.GetValue(_apiToken),
            Otlp = result.GetValue(_otlp) is { Length: > 0 } otlp ? otlp : null,
            OtlpProtocolName = result.GetValue(_otlpProtocol)!,
            OtlpInterval = result.GetValue(_otlpInterval),
        };

        settings = settings with { DemoHouseholds = result.GetValue(_demoHouseholds) ?? (settings.Clustered ? 0 : HostSettings.DefaultDemoHouseholds) };
        error = settings.Validate() ?? "";
        return error.Length == 0;
    }
}
