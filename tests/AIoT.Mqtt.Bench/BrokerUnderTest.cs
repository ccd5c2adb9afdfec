using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace AIoT.Mqtt.Bench;

/// <summary>
/// A broker in its own process, so all are measured alike: ours (this program in --serve-broker mode), MQTTnet's server
/// (this program in --serve-mqttnet mode) or Debian's mosquitto.
/// </summary>
internal sealed class BrokerUnderTest : IDisposable
{
    private readonly Process _process;
    private readonly string? _configFolder;

    private BrokerUnderTest(string name, int port, Process process, string? configFolder)
    {
        Name = name;
        Port = port;
        _process = process;
        _configFolder = configFolder;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>The broker's MQTT over TLS port; 0 unless started with one.</summary>
    public int TlsPort { get; private init; }

    /// <summary>The brokers this bench knows, by the names --brokers takes.</summary>
    public static readonly string[] Known = ["aiot", "mosquitto", "mqttnet"];

    /// <param name="mosquittoConfig">Lines added to mosquitto's configuration (the other brokers ignore them).</param>
    public static Task<BrokerUnderTest> StartAsync(string name, int port, string mosquittoConfig = "") => name switch
    {
        "aiot" => StartOursAsync(port),
        "mqttnet" => StartSelfAsync(name, "--serve-mqttnet", port),
        "mosquitto" => StartMosquittoAsync(port, mosquittoConfig),
        _ => throw new ArgumentException($"Unknown broker '{name}'; known: {string.Join(", ", Known)}.", nameof(name)),
    };

    /// <param name="tlsPort">Also serve MQTT over TLS there (a self-signed certificate made at start).</param>
    /// <param name="streams">Serve plain TCP through .NET streams rather than the broker's own event loop, the transport TLS clients use.</param>
    public static Task<BrokerUnderTest> StartOursAsync(int port, int tlsPort = 0, bool streams = false)
    {
        List<string> options = [];
        if (tlsPort > 0)
        {
            options.AddRange(["--tls", tlsPort.ToString(CultureInfo.InvariantCulture)]);
        }

        if (streams)
        {
            options.Add("--streams");
        }

        return StartSelfAsync("aiot", "--serve-broker", port, tlsPort, options);
    }

    private static async Task<BrokerUnderTest> StartSelfAsync(string name, string mode, int port, int tlsPort = 0, IReadOnlyList<string>? options = null)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (self.EndsWith("dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(BrokerUnderTest).Assembly.Location);
        }

        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var option in options ?? [])
        {
            start.ArgumentList.Add(option);
        }

        var broker = new BrokerUnderTest(name, port, Start(start, name), null) { TlsPort = tlsPort };
        await WaitListeningAsync(port);
        if (tlsPort > 0)
        {
            await WaitListeningAsync(tlsPort);
        }

        return broker;
    }

    private static async Task<BrokerUnderTest> StartMosquittoAsync(int port, string extraConfig)
    {
        var folder = Directory.CreateTempSubdirectory("aiot-bench-mosquitto-").FullName;
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n{extraConfig}");
        var start = new ProcessStartInfo("/usr/sbin/mosquitto") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var broker = new BrokerUnderTest("mosquitto", port, Start(start, "mosquitto"), folder);
        await WaitListeningAsync(port);
        return broker;
    }

    private static Process Start(ProcessStartInfo start, string name)
    {
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && !line.Contains("listening", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"    [{name}] {line}");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"    [{name}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Resident memory of the broker process, from /proc.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static async Task WaitListeningAsync(int port)
    {
        var deadline = Environment.TickCount64 + 15_000;
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (Environment.TickCount64 < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        if (_configFolder is not null)
        {
            Directory.Delete(_configFolder, recursive: true);
        }
    }
}
