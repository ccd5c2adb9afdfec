using System.Diagnostics;
using AIoT.Benchmarks.Report;
using AIoT.Ecosystem.Index;
using AIoT.Host.Registry;

namespace AIoT.Benchmarks.Sections;

/// <summary>
/// What the dashboard's reads cost with a large population behind them: the SQLite index filled with
/// --dashboard-households homes of ten devices each, then counts, a page after a random id and a prefix search,
/// each timed over many calls.
/// </summary>
internal static class DashboardSection
{
    private const int DevicesPerHousehold = 10;
    private const int Calls = 2_000;

    public static async Task RunAsync(BenchOptions o, List<ResultRow> rows)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"aiot-bench-dashboard-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            await using var index = await SqliteEcosystemIndex.OpenAsync(Path.Combine(folder, "index.db"));
            var households = o.DashboardHouseholds;
            var fill = Stopwatch.StartNew();
            for (var h = 0; h < households; h += 1_000)
            {
                var batch = new List<IndexEntry>(1_000 * (DevicesPerHousehold + 1));
                for (var i = h; i < Math.Min(households, h + 1_000); i++)
                {
                    var id = $"hh-{i:D7}";
                    batch.Add(new IndexEntry(IndexKind.Household, id, $"Home {i}", id, "Shanghai"));
                    for (var d = 1; d <= DevicesPerHousehold; d++)
                    {
                        batch.Add(new IndexEntry(IndexKind.Device, $"{id}-d{d}", $"Device {d}", id, "yeelink.light.ceiling22", "living-room"));
                    }
                }

                await index.UpsertAsync(batch);
                if (h % 20_000 == 0)
                {
                    Console.WriteLine($"  indexed {h:N0} households, {fill.Elapsed.TotalSeconds:F0} s");
                }
            }

            var entries = households * (DevicesPerHousehold + 1);
            rows.Add(new ResultRow("dashboard: index filled", $"{entries / fill.Elapsed.TotalSeconds:N0} entries/s", "", $"{households:N0} households, {households * DevicesPerHousehold:N0} devices, SQLite, batches of 11,000"));

            var random = new Random(2026);
            rows.Add(await TimeAsync("dashboard: count households and devices (overview)", async () =>
            {
                await index.CountAsync(IndexKind.Household);
                await index.CountAsync(IndexKind.Device);
            }, households));
            rows.Add(await TimeAsync("dashboard: a page of 50 devices after a random id", () => index.ListAsync(IndexKind.Device, $"hh-{random.Next(households):D7}", 50), households));
            rows.Add(await TimeAsync("dashboard: search a household's id prefix (20 matches)", () => index.SearchAsync($"hh-{random.Next(households):D7}", 20), households));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<ResultRow> TimeAsync(string measure, Func<Task> call, int households)
    {
        var latencies = new List<double>(Calls);
        for (var i = 0; i < Calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        latencies.Sort();
        return new ResultRow(measure, $"{Percentiles.P50P99MaxMs(latencies)} ms (p50 / p99 / max)", "pages stay fast at 1,000,000 devices", $"{Calls:N0} calls, {households * DevicesPerHousehold:N0} devices indexed");
    }
}
