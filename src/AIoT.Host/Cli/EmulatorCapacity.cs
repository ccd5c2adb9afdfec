using System.Globalization;

namespace AIoT.Host.Cli;

/// <summary>
/// Whether this process can hold N emulated devices, each on its own TCP connection: one file descriptor each, and
/// one local port each towards the one broker address. Checked before connecting, so a big fleet fails with the
/// limit named instead of with "too many open files" halfway through.
/// </summary>
internal static class EmulatorCapacity
{
    /// <summary>Descriptors the runtime, the HTTP client and the logs take besides the devices' sockets.</summary>
    private const int Headroom = 256;

    public static string? CheckFileDescriptors(int devices)
    {
        if (OpenFilesLimit() is { } limit && devices + Headroom > limit)
        {
            return $"--count {devices} needs about {devices + Headroom} file descriptors (one socket per device), and this process may open {limit} (ulimit -n). Raise it, e.g. `ulimit -n {devices + 1024}`, or run the devices in several processes.";
        }

        if (LocalPorts() is { } ports && devices > ports)
        {
            return $"--count {devices} needs a local port per device towards the broker, and this machine hands out {ports} (net.ipv4.ip_local_port_range); run the devices in several processes on several machines or addresses.";
        }

        return null;
    }

    /// <summary>The soft RLIMIT_NOFILE as Linux reports it; null where there is no /proc (the check is then skipped).</summary>
    private static long? OpenFilesLimit()
    {
        const string Limits = "/proc/self/limits";
        if (!File.Exists(Limits))
        {
            return null;
        }

        var line = File.ReadLines(Limits).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 0 } && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
    }

    private static int? LocalPorts()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (!File.Exists(Range))
        {
            return null;
        }

        var fields = File.ReadAllText(Range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 2 && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var low) && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var high)
            ? high - low + 1
            : null;
    }
}
