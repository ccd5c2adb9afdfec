namespace AIoT.Benchmarks.Report;

internal static class Percentiles
{
    public static double Of(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];

    /// <summary>"p50 / p99 / max" in ms, from latencies in µs sorted ascending.</summary>
    public static string P50P99MaxMs(List<double> sortedMicroseconds) =>
        $"{Of(sortedMicroseconds, 50) / 1000:F2} / {Of(sortedMicroseconds, 99) / 1000:F2} / {sortedMicroseconds.LastOrDefault() / 1000:F1}";
}
