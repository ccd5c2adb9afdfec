using System.Diagnostics;
using AIoT.Benchmarks.Progress;

namespace AIoT.Benchmarks.Load;

/// <summary>Every connection's publisher at once, for a time.</summary>
internal static class ReportLoad
{
    /// <summary>
    /// Runs the publishers for the seconds (paced at a total rate when rate > 0), then waits for what is in flight;
    /// returns the reports acknowledged per second within the seconds, and the mean CPU over them.
    /// </summary>
    public static async Task<(double Rate, double Cpu)> RunAsync(List<ReportConnection> conns, Func<long, (string, string)> message, int seconds, double rate, string name)
    {
        using var stop = new CancellationTokenSource();
        long Acked() => conns.Sum(c => c.Acked);
        var before = Acked();
        var clock = Stopwatch.StartNew();
        await using var progress = new ProgressLine(name, Acked);
        var publishers = conns.Select((c, i) => Task.Run(() => c.PublishAsync(message, i, conns.Count, stop.Token, rate / conns.Count))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var counted = Acked() - before;
        var elapsed = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(publishers);
        foreach (var conn in conns)
        {
            await conn.DrainAsync();
        }

        var cpu = progress.MeanCpuOver(seconds);
        Console.WriteLine("  " + string.Join("; ", conns.Select((c, i) => $"conn {i}: {c.Acked:N0} acked, {c.InFlight} unacknowledged{(c.Closed is null ? "" : ", " + c.Closed)}")));
        return (counted / elapsed, cpu);
    }
}
