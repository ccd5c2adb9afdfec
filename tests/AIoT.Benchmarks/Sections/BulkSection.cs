using System.Diagnostics;
using System.Security.Cryptography;
using AIoT.Benchmarks.Hosting;
using AIoT.Benchmarks.Load;
using AIoT.Benchmarks.Progress;
using AIoT.Benchmarks.Report;
using AIoT.Ecosystem.Catalog;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Registry;

namespace AIoT.Benchmarks.Sections;

/// <summary>
/// Bulk registration taken apart: the SQLite directory's insert alone, the provisioner alone (SQLite and memory
/// directory, no HTTP), and POST /api/devices/bulk on a host whose directory is SQLite. Each registers
/// --bulk-total devices in batches of 10,000; --bulk-rows picks which (a comma list of directory, directory-random,
/// provisioner, provisioner-memory, http).
/// </summary>
internal static class BulkSection
{
    private const int Batch = 10_000;

    /// <summary>Random ids are slow enough that this row inserts a fifth of --bulk-total.</summary>
    private const int RandomIdsShare = 5;

    public static async Task RunAsync(BenchOptions o, List<ResultRow> rows)
    {
        bool Wanted(string row) => o.BulkRows == "all" || o.BulkRows.Split(',').Contains(row);
        if (Wanted("directory"))
        {
            rows.Add(await InTempFolderAsync(folder => DirectoryInsertAsync(folder, o.BulkTotal, randomIds: false)));
        }

        if (Wanted("directory-random"))
        {
            rows.Add(await InTempFolderAsync(folder => DirectoryInsertAsync(folder, o.BulkTotal / RandomIdsShare, randomIds: true)));
        }

        if (Wanted("provisioner"))
        {
            rows.Add(await InTempFolderAsync(async folder =>
            {
                await using var directory = await OpenDirectoryAsync(folder);
                return await ProvisionerAsync(directory, "SQLite", o.BulkTotal);
            }));
        }

        if (Wanted("provisioner-memory"))
        {
            rows.Add(await ProvisionerAsync(new MemoryDeviceDirectory(), "memory", o.BulkTotal));
        }

        if (Wanted("http"))
        {
            rows.Add(await InTempFolderAsync(async folder =>
            {
                var host = await InProcessHost.StartOnDiskAsync(folder);
                try
                {
                    using var client = new RegistrationClient(host.HttpPort, 8);
                    return await RegistrationSection.BulkAsync(client, o, "SQLite directory in a fresh data folder");
                }
                finally
                {
                    await InProcessHost.StopAsync(host, 60);
                }
            }));
        }
    }

    private static async Task<ResultRow> DirectoryInsertAsync(string folder, int total, bool randomIds)
    {
        await using var directory = await OpenDirectoryAsync(folder);
        var catalog = DeviceCatalog.Default;
        var plug = catalog.FindByType(PlugReport.Model) ?? catalog.Find(PlugReport.Model) ?? throw new InvalidOperationException($"{PlugReport.Model} is not in the catalog");
        var now = DateTimeOffset.UtcNow;
        var batchSeconds = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpu = TimeSpan.Zero;
        long inserted = 0;
        await using (new ProgressLine("directory insert", () => Interlocked.Read(ref inserted)))
        {
            for (var start = 0; start < total; start += Batch)
            {
                var entries = new DirectoryEntry[Math.Min(Batch, total - start)];
                for (var i = 0; i < entries.Length; i++)
                {
                    var (_, hash) = SecretHasher.Issue();
                    entries[i] = new DirectoryEntry(new ProvisionedDevice(randomIds ? $"dev-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}" : BenchDevices.Id("dir", start + i), plug.Model, null, "", plug.Name, now), hash);
                }

                var began = Stopwatch.GetTimestamp();
                var cpuBefore = process.TotalProcessorTime;
                var taken = await directory.AddAsync(entries);
                batchSeconds.Add(Stopwatch.GetElapsedTime(began).TotalSeconds);
                cpu += process.TotalProcessorTime - cpuBefore;
                if (taken.Count > 0)
                {
                    throw new InvalidOperationException($"{taken.Count} ids taken in a fresh directory");
                }

                Interlocked.Add(ref inserted, entries.Length);
            }
        }

        return Row($"rows/s, SqliteDeviceDirectory.AddAsync ({(randomIds ? "random ids, as generated" : "ids in order")})", batchSeconds, cpu, total, "entries made before each call, outside the time");
    }

    private static async Task<ResultRow> ProvisionerAsync(IDeviceDirectory directory, string kind, int total)
    {
        // Household-less devices touch no grain: the provisioner needs no silo.
        var provisioner = new DeviceProvisioner(null!, directory, DeviceCatalog.Default);
        var batchSeconds = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpu = TimeSpan.Zero;
        long registered = 0;
        await using (new ProgressLine($"provisioner ({kind})", () => Interlocked.Read(ref registered)))
        {
            for (var start = 0; start < total; start += Batch)
            {
                var requests = new DeviceProvisionRequest[Math.Min(Batch, total - start)];
                for (var i = 0; i < requests.Length; i++)
                {
                    requests[i] = new DeviceProvisionRequest(PlugReport.Model, DeviceId: BenchDevices.Id("prov", start + i));
                }

                var began = Stopwatch.GetTimestamp();
                var cpuBefore = process.TotalProcessorTime;
                await provisioner.AddManyAsync(requests);
                batchSeconds.Add(Stopwatch.GetElapsedTime(began).TotalSeconds);
                cpu += process.TotalProcessorTime - cpuBefore;
                Interlocked.Add(ref registered, requests.Length);
            }
        }

        return Row($"registrations/s, DeviceProvisioner.AddManyAsync ({kind} directory)", batchSeconds, cpu, total, "requests made before each call, outside the time; no HTTP");
    }

    /// <param name="cpu">The process's CPU time over the timed calls: less at the mercy of what else runs on the machine than the rates.</param>
    private static ResultRow Row(string measure, List<double> batchSeconds, TimeSpan cpu, int total, string setup)
    {
        var tenth = Math.Max(1, batchSeconds.Count / 10);
        var sorted = batchSeconds.Order().ToList();
        var rate = total / batchSeconds.Sum();
        var first = tenth * Batch / batchSeconds.Take(tenth).Sum();
        var last = tenth * Batch / batchSeconds.TakeLast(tenth).Sum();
        return new ResultRow(measure, $"{rate:N0} (first 10%: {first:N0}, last 10%: {last:N0})", "100,000, flat",
            $"{total:N0} in batches of {Batch:N0}; per batch p50 {sorted[sorted.Count / 2] * 1000:F0} ms, max {sorted[^1] * 1000:F0} ms; process CPU {cpu.TotalMicroseconds / total:F1} µs per device; {setup}; load {ProcFs.LoadAverage()}");
    }

    private static Task<SqliteDeviceDirectory> OpenDirectoryAsync(string folder) =>
        SqliteDeviceDirectory.OpenAsync(Path.Combine(folder, "devices.db"), Path.Combine(folder, "grains.db"));

    private static async Task<ResultRow> InTempFolderAsync(Func<string, Task<ResultRow>> run)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"aiot-bench-bulk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            return await run(folder);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
