namespace AIoT.Benchmarks.Load;

/// <summary>The reports of the MQTT runs: a smart plug (cuco.plug.v2eur) reporting its switch and its power.</summary>
internal static class PlugReport
{
    public const string Model = "cuco.plug.v2eur";

    public static string Topic(string deviceId) => $"aiot/{deviceId}/report";

    /// <summary>A report that changes the twin: the switch and the electric power, which steps by 0.1 W up to 3680.</summary>
    public static string Payload(long seq) =>
        $"{{\"2.1\":{((seq & 1) == 0 ? "true" : "false")},\"11.2\":{(seq % 36800) / 10}.{seq % 10}}}";
}
