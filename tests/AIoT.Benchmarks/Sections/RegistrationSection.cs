using System.Diagnostics;
using AIoT.Benchmarks.Hosting;
using AIoT.Benchmarks.Load;
using AIoT.Benchmarks.Progress;
using AIoT.Benchmarks.Report;

namespace AIoT.Benchmarks.Sections;

/// <summary>Row 5: registration over HTTP, one per request and in bulk, and the first report of a fresh device.</summary>
internal static class RegistrationSection
{
    private const int WarmUpDevices = 500;
    private const int DevicesPerBulkRequest = 10_000;
    private const int FirstReportsAtATime = 4;

    public static async Task RunAsync(BenchOptions o, List<ResultRow> rows)
    {
        var host = await InProcessHost.StartAsync();
        try
        {
            using var client = new RegistrationClient(host.HttpPort, Math.Max(o.HttpInflight, 8));
            await OnePerRequestAsync(client, "warm", WarmUpDevices, o.HttpInflight);
            rows.Add(await OnePerRequestAsync(client, "reg", o.HttpDevices, o.HttpInflight));
            rows.Add(await BulkAsync(client, o, "memory directory (--in-memory), after the one-per-request rows"));
            rows.Add(await FirstReportAsync(client, host.Broker!.Port, o));
        }
        finally
        {
            await InProcessHost.StopAsync(host, 60);
        }
    }

    private static async Task<ResultRow> OnePerRequestAsync(RegistrationClient client, string prefix, int count, int inflight)
    {
        var doneTicks = new long[count];
        long next = -1, completed = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        await using (new ProgressLine($"POST /api/devices {prefix}", () => Interlocked.Read(ref completed)))
        {
            await Task.WhenAll(Enumerable.Range(0, inflight).Select(_ => Task.Run(async () =>
            {
                long i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    var failure = await client.RegisterOneAsync(PlugReport.Model, BenchDevices.Id(prefix, (int)i));
                    if (failure is not null && Interlocked.Increment(ref failed) <= 3)
                    {
                        Console.WriteLine($"  POST failed: {failure}");
                    }

                    doneTicks[Interlocked.Increment(ref completed) - 1] = clock.ElapsedTicks;
                }
            })));
        }

        var (total, first, last) = Rates(doneTicks);
        return new ResultRow("registrations/s, POST /api/devices (one device each)", $"{total:N0} (first 10%: {first:N0}, last 10%: {last:N0})", "5,000, flat",
            $"{count:N0} devices, {inflight} requests in flight, HttpClient in-process, {failed} failed; load {ProcFs.LoadAverage()}");
    }

    /// <summary>Overall rate and the rates over the first and the last tenth of the completions (Stopwatch ticks from the start).</summary>
    private static (double Total, double First, double Last) Rates(long[] doneTicks)
    {
        var n = doneTicks.Length;
        double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
        var tenth = Math.Max(1, n / 10);
        var total = n / Seconds(doneTicks[n - 1]);
        var first = tenth / Seconds(doneTicks[tenth - 1]);
        var last = tenth / (Seconds(doneTicks[n - 1]) - Seconds(doneTicks[n - 1 - tenth]));
        return (total, first, last);
    }

    /// <summary>POST /api/devices/bulk of --bulk-total devices, 10,000 a request; <paramref name="directory"/> says what the host stores them in.</summary>
    internal static async Task<ResultRow> BulkAsync(RegistrationClient client, BenchOptions o, string directory)
    {
        var requests = o.BulkTotal / DevicesPerBulkRequest;
        var requestSeconds = new List<double>();
        long registered = 0;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var nextRequest = -1;
        await using (new ProgressLine("POST /api/devices/bulk", () => Interlocked.Read(ref registered)))
        {
            await Task.WhenAll(Enumerable.Range(0, o.BulkInflight).Select(_ => Task.Run(async () =>
            {
                int r;
                while ((r = Interlocked.Increment(ref nextRequest)) < requests && clock.Elapsed.TotalSeconds < o.BulkSeconds)
                {
                    var ids = Enumerable.Range(r * DevicesPerBulkRequest, DevicesPerBulkRequest).Select(i => BenchDevices.Id("bulk", i)).ToList();
                    var body = RegistrationClient.BulkBody(PlugReport.Model, ids);
                    var start = Stopwatch.GetTimestamp();
                    await client.RegisterBulkAsync(body);
                    lock (requestSeconds)
                    {
                        requestSeconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / o.BulkInflight);
                    }

                    Interlocked.Add(ref registered, DevicesPerBulkRequest);
                }
            })));
        }

        var cpuPerDevice = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / registered;
        var n = requestSeconds.Count;
        var tenth = Math.Max(1, n / 10);
        var total = registered / clock.Elapsed.TotalSeconds;
        var first = tenth * DevicesPerBulkRequest / requestSeconds.Take(tenth).Sum();
        var last = tenth * DevicesPerBulkRequest / requestSeconds.TakeLast(tenth).Sum();
        return new ResultRow("registrations/s, POST /api/devices/bulk", $"{total:N0} (first 10%: {first:N0}, last 10%: {last:N0})", "100,000, flat",
            $"{directory}; {registered:N0} devices in {n} requests of {DevicesPerBulkRequest:N0}, {o.BulkInflight} in flight (first/last 10% from request durations divided by requests in flight; body built by the client between requests, inside the time), response with every secret read whole; {clock.Elapsed.TotalSeconds:F1} s; process CPU (client and host) {cpuPerDevice:F1} µs per device; load {ProcFs.LoadAverage()}");
    }

    private static async Task<ResultRow> FirstReportAsync(RegistrationClient client, int mqttPort, BenchOptions o)
    {
        // Registered in one bulk request, the only way to learn the fresh devices' secrets.
        var fresh = Enumerable.Range(0, o.FirstReports).Select(i => BenchDevices.Id("fresh", i)).ToList();
        var creds = await client.RegisterWithSecretsAsync(PlugReport.Model, fresh);
        long done = 0;
        var gen2Before = GC.CollectionCount(2);
        var pauseBefore = GC.GetTotalPauseDuration();
        var heap = GC.GetTotalMemory(false);
        List<double> times;
        await using (new ProgressLine("first report", () => Interlocked.Read(ref done)))
        {
            var next = -1;
            var perWorker = await Task.WhenAll(Enumerable.Range(0, FirstReportsAtATime).Select(_ => Task.Run(async () =>
            {
                var mine = new List<double>();
                int i;
                while ((i = Interlocked.Increment(ref next)) < creds.Count)
                {
                    var (id, password) = creds[i];
                    var start = Stopwatch.GetTimestamp();
                    await using var conn = new ReportConnection(1);
                    await conn.ConnectAsync(mqttPort, id, id, password);
                    await conn.PublishOneAsync(PlugReport.Topic(id), PlugReport.Payload(i));
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                    Interlocked.Increment(ref done);
                }

                return mine;
            })));
            times = [.. perWorker.SelectMany(t => t).Order()];
        }

        Console.WriteLine($"  during it {GC.CollectionCount(2) - gen2Before} full GCs, {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:N0} ms of GC pauses in total, heap {heap / 1048576:N0} MiB at the start");
        return new ResultRow("first report of a fresh device, p50 / p99 / max (ms)", Percentiles.P50P99MaxMs(times), "p99 ≤ 100",
            $"{times.Count:N0} devices registered in bulk, each: TCP connect + CONNECT with its secret + CONNACK + first QoS 1 report until PUBACK (activates its twin from the directory), {FirstReportsAtATime} devices at a time, after {o.HttpDevices + WarmUpDevices:N0} + bulk registrations; load {ProcFs.LoadAverage()}");
    }
}
