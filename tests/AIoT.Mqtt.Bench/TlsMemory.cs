using System.Globalization;

namespace AIoT.Mqtt.Bench;

/// <summary>
/// What an idle client costs our broker by transport: TCP on its own event loop (the default), TCP through .NET streams,
/// and TLS (SslStream over the stream transport). Each row runs in a fresh broker process, so one row's freed memory does
/// not hide the next one's.
/// </summary>
internal static class TlsMemory
{
    public static async Task RunAsync(int connections, Func<int> freePort, Action<string> output)
    {
        output($"Memory per idle MQTT connection of our broker, by transport: {connections:N0} connections, broker in its own process");
        var rows = new List<string>();
        foreach (var (name, streams, tls) in new[] { ("TCP, own event loop (default)", false, false), ("TCP, .NET streams", true, false), ("TLS (SslStream over .NET streams)", false, true) })
        {
            using var broker = await BrokerUnderTest.StartOursAsync(freePort(), tlsPort: tls ? freePort() : 0, streams: streams);
            var bytes = await Scenarios.MemoryPerConnectionAsync(broker, connections, output, tls);
            rows.Add($"| {name} | {bytes.ToString("N0", CultureInfo.InvariantCulture)} |");
            output(rows[^1]);
        }

        output("");
        output("| transport | bytes per idle connection |");
        output("|---|---:|");
        rows.ForEach(output);
    }
}
