using System.Runtime;

namespace AIoT.Benchmarks.Load;

/// <summary>
/// Load before a measurement until the JIT has settled. Tiered compilation moves hot methods from instrumented to
/// optimised code on a background thread; on a busy machine that went on for more than 30 s under load (profiled: a
/// quarter of the CPU in instrumented code in the first 10 s, the JIT 8-15 % still after 20 s), so a fixed warm-up
/// measured the JIT as much as the host, and runs of one commit differed as much as commits did.
/// </summary>
internal static class JitWarmUp
{
    private const int ChunkSeconds = 2;

    /// <summary>Settled: under 2 % of a chunk's wall time spent compiling.</summary>
    private static readonly TimeSpan SettledPerChunk = TimeSpan.FromMilliseconds(ChunkSeconds * 1000 * 0.02);

    /// <summary>Runs the load in chunks until the JIT settles or the bound passes; says which, for the result's setup column.</summary>
    public static async Task<string> UntilSettledAsync(Func<int, Task<(double Rate, double Cpu)>> load, int maxSeconds)
    {
        var waited = 0;
        var compiling = TimeSpan.Zero;
        while (waited < maxSeconds)
        {
            var before = JitInfo.GetCompilationTime();
            await load(ChunkSeconds);
            waited += ChunkSeconds;
            compiling = JitInfo.GetCompilationTime() - before;
            if (compiling < SettledPerChunk)
            {
                var settled = $"a warm-up of {waited + 5} s (JIT settled: {compiling.TotalMilliseconds:F0} ms compiling in the last {ChunkSeconds} s)";
                Console.WriteLine($"  {settled}");
                return settled;
            }
        }

        var unsettled = $"a warm-up of {waited + 5} s (JIT not settled: {compiling.TotalMilliseconds:F0} ms compiling in the last {ChunkSeconds} s)";
        Console.WriteLine($"  {unsettled}");
        return unsettled;
    }
}
