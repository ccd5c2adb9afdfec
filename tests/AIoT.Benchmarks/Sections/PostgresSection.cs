using System.Diagnostics;
using AIoT.Benchmarks.Hosting;
using AIoT.Benchmarks.Load;
using AIoT.Benchmarks.Progress;
using AIoT.Benchmarks.Report;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Hosting;
using AIoT.Storage.Tests.Support;
using Npgsql;

namespace AIoT.Benchmarks.Sections;

/// <summary>
/// One clustered silo on PostgreSQL against the single-node SQLite host, on the same load, back to back: bulk
/// registration into the device directory, activation of the twins from grain storage, twin state writes (reports on
/// active twins with a telemetry flush of 1 s, so writes follow), and MQTT reports end to end. The PostgreSQL server is
/// a throwaway one made by initdb in a temporary folder, run with fsync on and synchronous_commit at its default (on),
/// as an operator runs it; --pg-fsync on,off adds the twin rows on a server with fsync off.
/// </summary>
internal static class PostgresSection
{
    private const int Chunk = 10_000;
    private const string Prefix = "pg";
    private static readonly TimeSpan ShortFlush = TimeSpan.FromSeconds(1);

    /// <summary>A backend that goes idle publishes its last counts to the statistics views up to 10 s later (PGSTAT_IDLE_INTERVAL).</summary>
    private static readonly TimeSpan StatisticsLag = TimeSpan.FromSeconds(11);

    public static async Task RunAsync(BenchOptions o, List<ResultRow> rows)
    {
        var fsyncs = o.PgFsync.Split(',');
        await using var server = await PostgresServer.StartAsync(fsync: true);
        await PrintSettingsAsync(server);
        var sqlite = Backend.Sqlite();
        var postgres = Backend.Postgres(server, "fsync on");
        rows.AddRange(await TwinsAsync(sqlite, o));
        rows.AddRange(await TwinsAsync(postgres, o));
        if (fsyncs.Contains("off"))
        {
            await using var unsynced = await PostgresServer.StartAsync(fsync: false);
            rows.AddRange(await TwinsAsync(Backend.Postgres(unsynced, "fsync off"), o));
        }

        rows.Add(await EndToEndAsync(sqlite, o));
        rows.Add(await EndToEndAsync(postgres, o));
    }

    /// <summary>Registration, activation and twin writes of --pg-devices twins on one host of the backend.</summary>
    private static async Task<List<ResultRow>> TwinsAsync(Backend backend, BenchOptions o)
    {
        Console.WriteLine($"  -- {backend.Name}: {o.PgDevices:N0} {o.Model} twins, telemetry flush {ShortFlush.TotalSeconds:F0} s (load {ProcFs.LoadAverage()})");
        return await backend.WithHostAsync(ShortFlush, async (host, database) =>
        {
            var rows = new List<ResultRow> { await RegisterAsync(host, database, backend, o) };
            using (var writes = new StorageWrites())
            {
                var (activated, activationCpu) = await TwinActivation.RunAsync(host, Prefix, o.PgDevices, o.Callers, $"{backend.Name} activate");
                rows.Add(new ResultRow($"twins activated/s, state read from {backend.Name}", $"{activated:N0}", "—",
                    $"GetTwin on {o.PgDevices:N0} fresh {o.Model} twins, {o.Callers} callers; {writes.Writes:N0} state writes meanwhile; process CPU {activationCpu:F0}%; load {ProcFs.LoadAverage()}"));
            }

            rows.Add(await TwinWritesAsync(host, database, backend, o));
            return rows;
        });
    }

    /// <summary>DeviceProvisioner.AddManyAsync on the host's own directory, 10,000 requests a call, as POST /api/devices/bulk does.</summary>
    private static async Task<ResultRow> RegisterAsync(RunningHost host, string? database, Backend backend, BenchOptions o)
    {
        var batchSeconds = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var statsBefore = database is null ? null : await PostgresStats.ReadAsync(database);
        long registered = 0;
        await using (new ProgressLine($"{backend.Name} register", () => Interlocked.Read(ref registered)))
        {
            for (var start = 0; start < o.PgDevices; start += Chunk)
            {
                var requests = Enumerable.Range(start, Math.Min(Chunk, o.PgDevices - start))
                    .Select(i => new DeviceProvisionRequest(o.Model, DeviceId: BenchDevices.Id(Prefix, i))).ToList();
                var began = Stopwatch.GetTimestamp();
                await host.Provisioner.AddManyAsync(requests);
                batchSeconds.Add(Stopwatch.GetElapsedTime(began).TotalSeconds);
                Interlocked.Add(ref registered, requests.Count);
            }
        }

        var cpuPerDevice = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / o.PgDevices;
        var server = "";
        if (database is not null)
        {
            await Task.Delay(StatisticsLag);
            var stats = (await PostgresStats.ReadAsync(database)).Minus(statsBefore!);
            server = $"; server: {stats.Commits:N0} commits, {stats.DatabaseRows:N0} rows written, WAL {stats.WalBytes / (double)o.PgDevices:N0} B and {stats.WalSyncs:N0} syncs in all, server CPU {stats.ServerCpu.TotalMicroseconds / o.PgDevices:F1} µs per device";
        }

        var sorted = batchSeconds.Order().ToList();
        return new ResultRow($"registrations/s, DeviceProvisioner.AddManyAsync into the {backend.Name} directory", $"{o.PgDevices / batchSeconds.Sum():N0}", "—",
            $"{o.PgDevices:N0} {o.Model} in calls of {Chunk:N0} (as POST /api/devices/bulk makes; no HTTP); per call p50 {sorted[sorted.Count / 2] * 1000:F0} ms, max {sorted[^1] * 1000:F0} ms; process CPU {cpuPerDevice:F1} µs per device{server}; load {ProcFs.LoadAverage()}");
    }

    /// <summary>
    /// ReportProperties on the active twins round robin, one property changed per call, each round a new value: every
    /// report leaves its twin unwritten, and the twin writes within the flush interval. Counts Orleans' storage writes.
    /// </summary>
    private static async Task<ResultRow> TwinWritesAsync(RunningHost host, string? database, Backend backend, BenchOptions o)
    {
        var number = DeviceCatalog.Default.Find(o.Model)!.Properties.First(p => p.IsWritableByReport());
        async Task Report(long seq)
        {
            var id = BenchDevices.Id(Prefix, (int)(seq % o.PgDevices));
            var results = await host.Grains.GetGrain<IDeviceGrain>(id).ReportProperties([new PropertyWrite(number.Key, number.ValueFor(seq / o.PgDevices + 1))]);
            if (!results[0].IsOk)
            {
                throw new InvalidOperationException(results[0].Error);
            }
        }

        using var writes = new StorageWrites();
        long lastWrites = 0;
        string WritesLine()
        {
            var now = writes.Writes;
            var line = $"state writes {now:N0} (+{now - lastWrites:N0}), errors {writes.Errors}";
            lastWrites = now;
            return line;
        }

        await CallsSection.CallLoopAsync(o.Callers, $"{backend.Name} reports warm-up", 3, Report, WritesLine);
        // Lets the warm-up's flushes finish and tier-1 recompilation run, and on PostgreSQL the writer's counts reach the statistics.
        await Task.Delay(database is null ? TimeSpan.FromSeconds(2) + ShortFlush : StatisticsLag);
        using var measured = new StorageWrites();
        var statsBefore = database is null ? null : await PostgresStats.ReadAsync(database);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (reports, cpu) = await CallsSection.CallLoopAsync(o.Callers, $"{backend.Name} reports", o.PgSeconds, Report, WritesLine);
        var writesInWindow = measured.Writes;
        var seconds = clock.Elapsed.TotalSeconds;
        var loadAtEnd = ProcFs.LoadAverage();
        // The writes still queued when the reports stop, and the flushes of the last reports: until no write completes for 2 s.
        var (written, activeSeconds) = await DrainAsync(measured, clock);
        var latencies = measured.SortedLatencies();
        var cpuPerWrite = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / Math.Max(1, written);
        var server = "";
        if (database is not null)
        {
            await Task.Delay(StatisticsLag);
            var stats = (await PostgresStats.ReadAsync(database)).Minus(statsBefore!);
            server = $"; server until the last write ({activeSeconds:F0} s): {stats.GrainStateRows:N0} grain state rows written ({written:N0} writes counted by Orleans) in {stats.Commits:N0} commits "
                + $"(every commit in the database counted), so {stats.GrainStateRows / (double)Math.Max(1, stats.Commits):N1} rows per group commit or more; WAL {stats.WalBytes / Math.Max(1.0, stats.GrainStateRows):N0} B per row, "
                + $"{stats.WalSyncs:N0} WAL syncs; server CPU {stats.ServerCpu.TotalSeconds / activeSeconds * 100:F0}% of one core, {stats.ServerCpu.TotalMicroseconds / Math.Max(1, stats.GrainStateRows):F1} µs per row; "
                + $"state payload {await MeanPayloadBytesAsync(database):N0} B per twin";
        }

        return new ResultRow($"twin state writes/s into {backend.Name} (grain storage, from reports): while reporting / until the last write",
            $"{writesInWindow / seconds:N0} / {written / activeSeconds:N0}", "—",
            $"{written:N0} writes in {activeSeconds:F1} s; {reports:N0} reports/s (IDeviceGrain.ReportProperties, {o.Callers} callers, round robin over {o.PgDevices:N0} active {o.Model} twins, one property changed per report), telemetry flush {ShortFlush.TotalSeconds:F0} s, {o.PgSeconds} s; "
            + $"write latency (WriteStateAsync) p50 / p99 / max {Percentiles.P50P99MaxMs([.. latencies.Select(ms => ms * 1000)])} ms, {measured.Errors} errors; process CPU {cpu:F0}% of one core while reporting, {cpuPerWrite:F0} µs per write in all{server}; load {loadAtEnd}");
    }

    /// <summary>Waits until no write completes for 2 s (at most 60 s); returns the writes and the seconds on the clock at the last one.</summary>
    private static async Task<(long Writes, double Seconds)> DrainAsync(StorageWrites writes, Stopwatch clock)
    {
        var last = writes.Writes;
        var lastAt = clock.Elapsed.TotalSeconds;
        while (clock.Elapsed.TotalSeconds - lastAt < 2 && clock.Elapsed.TotalSeconds < 60)
        {
            await Task.Delay(100);
            if (writes.Writes != last)
            {
                last = writes.Writes;
                lastAt = clock.Elapsed.TotalSeconds;
            }
        }

        return (last, lastAt);
    }

    /// <summary>MQTT reports end to end on a host of the backend with the default telemetry flush (30 s), as the e2e section measures them.</summary>
    private static async Task<ResultRow> EndToEndAsync(Backend backend, BenchOptions o)
    {
        Console.WriteLine($"  -- {backend.Name}: MQTT end to end (load {ProcFs.LoadAverage()})");
        return await backend.WithHostAsync(null, async (host, _) =>
        {
            using var writes = new StorageWrites();
            var (rate, cpu) = await EndToEndSection.MaxRateAsync(host, o, $"{Prefix}e2e", $"{backend.Name} e2e max");
            return new ResultRow($"MQTT reports/s end to end, one silo on {backend.Name}", $"{rate:N0}", "—",
                $"{backend.Host}; {o.Connections} raw MQTT 3.1.1 connections, {o.Window} in flight each, {o.Devices:N0} {PlugReport.Model} devices round robin, after the e2e warm-up, {o.Seconds} s; "
                + $"telemetry flush 30 s, so {writes.Writes:N0} state writes in the run; process CPU {cpu:F0}% of one core (load generator included); load {ProcFs.LoadAverage()}");
        });
    }

    private static async Task<double> MeanPayloadBytesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT coalesce(avg(octet_length(payload)), 0)::float8 FROM aiot_grain_state WHERE grain_id LIKE '%{Prefix}-%'", connection);
        return (double)(await command.ExecuteScalarAsync())!;
    }

    private static async Task PrintSettingsAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'commit_delay', 'full_page_writes', 'max_wal_size')",
            connection);
        Console.WriteLine($"  PostgreSQL on 127.0.0.1:{server.Port}: {await command.ExecuteScalarAsync()}");
    }

    /// <summary>Where a host keeps its state: a fresh SQLite data folder, or a fresh database on a PostgreSQL server.</summary>
    private sealed record Backend(string Name, string Host, PostgresServer? Server)
    {
        public static Backend Sqlite() => new("SQLite", "`aiot --data DIR` (grain state and directory in SQLite files)", null);

        public static Backend Postgres(PostgresServer server, string fsync) =>
            new($"PostgreSQL ({fsync})", $"`aiot --cluster URL --advertise 127.0.0.1 --silo-port 0 --gateway-port 0` (one silo; PostgreSQL 15 on the same machine, {fsync})", server);

        /// <summary>Runs <paramref name="body"/> on a started host, given the PostgreSQL database's connection string (null on SQLite).</summary>
        public async Task<T> WithHostAsync<T>(TimeSpan? telemetryFlush, Func<RunningHost, string?, Task<T>> body)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"aiot-bench-pg-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            try
            {
                var database = Server is null ? null : await Server.CreateDatabaseAsync("bench");
                var host = database is null
                    ? await InProcessHost.StartOnDiskAsync(folder, telemetryFlush)
                    : await InProcessHost.StartClusteredAsync(database, folder, telemetryFlush);
                try
                {
                    return await body(host, database);
                }
                finally
                {
                    await InProcessHost.StopAsync(host, 60);
                }
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                NpgsqlConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
