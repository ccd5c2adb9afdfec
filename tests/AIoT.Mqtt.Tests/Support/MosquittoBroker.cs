namespace AIoT.Mqtt.Tests.Support;

/// <summary>Debian's mosquitto broker on a free loopback port, with its own config in a temp folder.</summary>
internal sealed class MosquittoBroker : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-mosquitto-").FullName;
    private ExternalProcess? _process;

    public MosquittoBroker(int? port = null)
    {
        Port = port ?? TestBroker.FreePort();
        File.WriteAllText(Path.Combine(_folder, "mosquitto.conf"), $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest stderr
            log_type all
            """);
    }

    public int Port { get; }

    /// <summary>What mosquitto logged, for failure messages.</summary>
    public string Log => _process?.Output ?? "";

    public async Task StartAsync()
    {
        _process = ExternalProcess.Start("/usr/sbin/mosquitto", ["-c", Path.Combine(_folder, "mosquitto.conf")]);
        var deadline = Environment.TickCount64 + 10_000;
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (Environment.TickCount64 < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

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
