using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using AIoT.Mqtt.Broker;
using Xunit.Abstractions;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>
/// The in-process broker over real loopback TCP (its epoll loop, and a quarter of the cases over the .NET stream
/// transport), fed mutated packets of every kind from both protocol versions. Oracles: nothing in its log worse than
/// the Information it logs for refused input; every connection ends or answers in bound (a stalled writer is closed by
/// the CONNECT timeout or keep-alive); what the spec says to refuse (<see cref="RefusalOracle"/>, <see cref="RefusalCases"/>)
/// is never answered with anything but a refusal; unbroken valid packets are all taken (the probe is answered); and
/// a canary subscriber keeps getting a canary publisher's message after every batch. Bounded: <see cref="FuzzSettings.BrokerCases"/> cases or 35 s, whichever comes first.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class BrokerFuzzTests(ITestOutputHelper output)
{
    private const int BatchSize = 64;
    private const int Parallelism = 24;

    [Fact]
    public async Task The_broker_survives_mutated_packets_and_keeps_serving_its_canary()
    {
        var seed = FuzzSettings.Seed;
        var cases = FuzzSettings.BrokerCases;
        var bound = FuzzSettings.TimeBound(35);
        var epollLog = new BrokerLog();
        var streamLog = new BrokerLog();
        await using var epoll = await StartAsync(epollLog, ownEventLoop: true);
        await using var stream = await StartAsync(streamLog, ownEventLoop: false);
        using var epollCanary = await Canary.StartAsync(epoll.Port);
        using var streamCanary = await Canary.StartAsync(stream.Port);

        var failures = new ConcurrentQueue<string>();
        var stopwatch = Stopwatch.StartNew();
        var indices = FuzzSettings.OnlyCase is { } only ? [only] : Enumerable.Range(0, cases).ToArray();
        var next = -1;
        var ran = 0;
        var refusalsJudged = 0;
        var answersJudged = 0;
        using var batchDone = new SemaphoreSlim(0);

        async Task WorkAsync()
        {
            int slot;
            while ((slot = Interlocked.Increment(ref next)) < indices.Length && stopwatch.Elapsed < bound && failures.IsEmpty)
            {
                var fuzzCase = BrokerFuzzCase.Create(seed, indices[slot]);
                string? failure;
                try
                {
                    failure = await BrokerFuzzRunner.RunAsync(fuzzCase, fuzzCase.OverStream ? stream.Port : epoll.Port);
                }
                catch (Exception ex)
                {
                    failure = $"the case itself failed: {ex.GetType().Name}: {ex.Message}";
                }

                if (failure is not null)
                {
                    failures.Enqueue($"{failure}\n  {fuzzCase}");
                }

                if (fuzzCase.MustRefuse is not null)
                {
                    Interlocked.Increment(ref refusalsJudged);
                }

                if (fuzzCase.MustAnswer)
                {
                    Interlocked.Increment(ref answersJudged);
                }

                if (Interlocked.Increment(ref ran) % BatchSize == 0)
                {
                    batchDone.Release();
                }
            }
        }

        // Cases run without a barrier between batches (a stalled writer takes seconds); the canary checks after each
        // batch of completed cases, while the next ones run.
        var workers = Task.WhenAll(Enumerable.Range(0, Parallelism).Select(_ => Task.Run(WorkAsync)));
        var checkedBatches = 0;
        while (true)
        {
            var finished = await Task.WhenAny(workers, batchDone.WaitAsync()) == workers;
            await CheckCanariesAsync(++checkedBatches);
            if (finished)
            {
                break;
            }
        }

        async Task CheckCanariesAsync(int batch)
        {
            foreach (var (name, log, canary) in new[] { ("epoll", epollLog, epollCanary), ("stream", streamLog, streamCanary) })
            {
                if (await canary.CheckAsync() is { } silent)
                {
                    failures.Enqueue($"{name} transport, canary check {batch} ({Volatile.Read(ref ran)} cases done): {silent}");
                }

                if (log.TakeProblems() is { Count: > 0 } problems)
                {
                    failures.Enqueue($"{name} transport, by canary check {batch} ({Volatile.Read(ref ran)} cases done), the broker logged " +
                        $"(client id fz-N is case N):\n  {string.Join("\n  ", problems.Take(5))}");
                }
            }
        }

        output.WriteLine($"Broker fuzz: seed {seed}, {ran} of {cases} cases ({refusalsJudged} judged for refusal, {answersJudged} valid ones for an answer) in {stopwatch.Elapsed.TotalSeconds:F1} s; " +
            $"{checkedBatches} canary checks; the brokers logged {epollLog.Notices + streamLog.Notices} notices");
        Assert.True(failures.IsEmpty, $"Broker fuzz failures (seed {seed}; rerun one with AIOT_FUZZ_SEED={seed} AIOT_FUZZ_CASE=n):\n{string.Join("\n", failures.Take(10))}");
    }

    private static async Task<MqttBroker> StartAsync(BrokerLog log, bool ownEventLoop)
    {
        var broker = new MqttBroker(
            new MqttBrokerOptions
            {
                ListenAddress = IPAddress.Loopback,
                Port = 0,
                OwnEventLoop = ownEventLoop,
                ConnectTimeout = TimeSpan.FromSeconds(1),
                SystemTopicsInterval = TimeSpan.Zero,
            },
            log);
        await broker.StartAsync();
        return broker;
    }
}
