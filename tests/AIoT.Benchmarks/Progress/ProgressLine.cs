using System.Diagnostics;

namespace AIoT.Benchmarks.Progress;

/// <summary>
/// Prints, every second, what a run counted, with the process's CPU and its CPU per counted item, the CPU the rest of
/// the machine used ("others", of all cores), thread pool, GC counts and pause time, methods the JIT compiled, and heap.
/// </summary>
internal sealed class ProgressLine : IAsyncDisposable
{
    private readonly string _name;
    private readonly Func<long> _count;
    private readonly Func<string>? _suffix;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<double> _cpu = [];

    /// <param name="suffix">More text for the end of each line (e.g. <see cref="OrleansCounters.Line"/>).</param>
    public ProgressLine(string name, Func<long> count, Func<string>? suffix = null)
    {
        _name = name;
        _count = count;
        _suffix = suffix;
        _loop = LoopAsync();
    }

    /// <summary>Mean CPU of this process over the printed seconds, in % of one core.</summary>
    public double MeanCpu => _cpu.Count == 0 ? 0 : _cpu.Average();

    /// <summary>Mean CPU over the first seconds only (the measured ones, before any drain).</summary>
    public double MeanCpuOver(int seconds) => _cpu.Count == 0 ? 0 : _cpu.Take(seconds).Average();

    private async Task LoopAsync()
    {
        var process = Process.GetCurrentProcess();
        var last = _count();
        var lastCpu = process.TotalProcessorTime;
        var lastGc = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var lastPause = GC.GetTotalPauseDuration();
        var lastJitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var lastMachine = ProcFs.MachineCpuTicks();
        var clock = Stopwatch.StartNew();
        var lastT = 0.0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                process.Refresh();
                var now = _count();
                var t = clock.Elapsed.TotalSeconds;
                var cpu = process.TotalProcessorTime;
                var cpuPct = (cpu - lastCpu).TotalSeconds / (t - lastT) * 100;
                _cpu.Add(cpuPct);
                var gc = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var pause = GC.GetTotalPauseDuration();
                var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
                var machine = ProcFs.MachineCpuTicks();
                // The machine's busy share of all its cores, less this process's: what other processes took.
                var machineAll = machine.All - lastMachine.All;
                var othersPct = machineAll <= 0 ? 0 : Math.Max(0, (double)(machine.Busy - lastMachine.Busy) / machineAll * 100 - cpuPct / Environment.ProcessorCount);
                var cpuPerItem = now == last ? 0 : (cpu - lastCpu).TotalMicroseconds / (now - last);
                Console.WriteLine($"  [{_name}] {t,5:F0} s  {now,11:N0}  {(now - last) / (t - lastT),11:N0}/s  cpu {cpuPct,4:F0}% {cpuPerItem,6:F1} µs/op  others {othersPct,3:F0}%  threads {ThreadPool.ThreadCount} queue {ThreadPool.PendingWorkItemCount}  gc {gc.Item1 - lastGc.Item1}/{gc.Item2 - lastGc.Item2}/{gc.Item3 - lastGc.Item3} {(pause - lastPause).TotalMilliseconds,4:F0} ms  jit {jitted - lastJitted,4}  heap {GC.GetTotalMemory(false) / 1048576:N0} MiB rss {ProcFs.ResidentSetBytes() / 1048576:N0} MiB {_suffix?.Invoke()}");
                last = now;
                lastPause = pause;
                lastJitted = jitted;
                lastMachine = machine;
                lastT = t;
                lastCpu = cpu;
                lastGc = gc;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
