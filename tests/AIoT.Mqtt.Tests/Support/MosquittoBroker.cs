namespace AIoT.Mqtt.Tests.Support;

/// <summary>Debian's mosquitto broker on a free loopback port, with its own config in a temp folder.</summary>
internal sealed class MosquittoBroker : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-mosquitto-").FullName;
    private ExternalProcess? _process;

    private readonly string? _tlsConfig;

    // A port given by the caller, or one clients already know from an earlier start, must not change.
    private bool _portFixed;

    /// <param name="certFile">With <paramref name="keyFile"/>: the listener speaks MQTT over TLS with this PEM certificate.</param>
    public MosquittoBroker(int? port = null, string? certFile = null, string? keyFile = null)
    {
        _portFixed = port is not null;
        Port = port ?? TestBroker.FreePort();
        _tlsConfig = certFile is null ? null : $"certfile {certFile}\nkeyfile {keyFile}\n";
    }

    public int Port { get; private set; }

    /// <summary>What mosquitto logged, for failure messages.</summary>
    public string Log => _process?.Output ?? "";

    /// <summary>
    /// Ready once mosquitto says it runs with our listener open: a TCP probe could reach whichever process took the
    /// port first. A free port can be taken between picking it and mosquitto binding it; then another is tried.
    /// </summary>
    public async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var config = Path.Combine(_folder, "mosquitto.conf");
            File.WriteAllText(config, $"""
                listener {Port} 127.0.0.1
                {_tlsConfig}allow_anonymous true
                persistence false
                log_dest stderr
                log_type all
                """);
            _process = ExternalProcess.Start("/usr/sbin/mosquitto", ["-c", config]);
            var deadline = Environment.TickCount64 + 10_000;
            while (!_process.HasExited && !IsListening(_process.Output) && Environment.TickCount64 < deadline)
            {
                await Task.Delay(20);
            }

            if (!_process.HasExited && IsListening(_process.Output))
            {
                _portFixed = true;
                return;
            }

            if (_process.HasExited)
            {
                // Waiting for the exit also drains its last stderr lines, where the reason is.
                await _process.WaitAsync();
            }

            var log = Log;
            Stop();
            if (_portFixed || attempt == 3 || !log.Contains("Address already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"mosquitto did not start listening on 127.0.0.1:{Port}. Its log:\n{log}");
            }

            Port = TestBroker.FreePort();
        }
    }

    private bool IsListening(string log) =>
        log.Contains($"listen socket on port {Port}.", StringComparison.Ordinal) && log.Contains(" running", StringComparison.Ordinal);

    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(_folder, recursive: true);
    }
}
