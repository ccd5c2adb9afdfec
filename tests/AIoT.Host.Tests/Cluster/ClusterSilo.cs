using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace AIoT.Host.Tests.Cluster;

/// <summary>One `aiot --cluster` process on loopback: its own broker (or a shared one), gateway and HTTP API, the cluster's PostgreSQL.</summary>
internal sealed partial class ClusterSilo : IDisposable
{
    private readonly AiotProcess _process;
    private readonly string _data;

    private ClusterSilo(string name, AiotProcess process, string data, int httpPort, int mqttPort)
    {
        Name = name;
        _process = process;
        _data = data;
        HttpPort = httpPort;
        MqttPort = mqttPort;
    }

    public string Name { get; }

    public int HttpPort { get; }

    public int MqttPort { get; }

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public Task WaitForOutputAsync(string text, int timeoutMs = 60_000) => _process.WaitForOutputAsync(text, timeoutMs);

    /// <summary>Starts a silo and waits until it runs; the ports of its listeners are read from what it logs.</summary>
    public static async Task<ClusterSilo> StartAsync(string name, string clusterUrl, params string[] extra)
    {
        var data = Directory.CreateTempSubdirectory($"aiot-{name}-").FullName;
        string[] listeners = extra.Contains("--broker") ? [] : ["--mqtt", "127.0.0.1:0"];
        var process = AiotProcess.Start([
            "--cluster", clusterUrl, "--advertise", "127.0.0.1", "--silo-port", "0", "--gateway-port", "0",
            .. listeners, "--http", "127.0.0.1:0", "--data", data, .. extra]);
        try
        {
            await process.WaitForOutputAsync("aiot is running", timeoutMs: 120_000);
            var http = int.Parse(HttpLine().Match(process.Output).Groups[1].Value, CultureInfo.InvariantCulture);
            // None with --broker: the silo's gateway joins that broker instead of running its own.
            var mqtt = MqttLine().Match(process.Output) is { Success: true } line ? int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return new ClusterSilo(name, process, data, http, mqtt);
        }
        catch
        {
            process.Dispose();
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    public HttpClient Http()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>kill -9: the process ends at once, writing nothing back and telling no one.</summary>
    public void KillHard() => _process.KillHard();

    public async Task StopAsync()
    {
        _process.Interrupt();
        Assert.Equal(0, await _process.WaitForExitAsync(90_000));
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"HTTP API on http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex HttpLine();

    [GeneratedRegex(@"MQTT broker listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex MqttLine();
}
