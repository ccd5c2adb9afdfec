using System.Diagnostics;
using System.Globalization;

namespace AIoT.Mqtt.Bench;

/// <summary>
/// The burst of <see cref="BurstScenario"/> sent and counted by independent clients: MQTT.js in node, one process per
/// publisher and one for the subscriber (independent/burst.js). The publishers connect first, then start together.
/// </summary>
internal static class MqttJsBurst
{
    /// <param name="limit">The clients are stopped by then; give less than the caller's own bound, so they are stopped before the broker is.</param>
    public static async Task<BurstResult> RunAsync(int port, TimeSpan limit)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "independent", "burst.js");
        var modules = NodeModulesPath();
        var limitMs = ((long)limit.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        using var bound = new CancellationTokenSource(limit);
        var processes = new List<Process>();
        try
        {
            var sub = StartNode(script, modules, processes, "sub", port, BurstScenario.Messages, (long)BurstScenario.QuietTime.TotalMilliseconds, limitMs);
            await ExpectLineAsync(sub, "subscribed", bound.Token);
            var pubs = Enumerable.Range(0, BurstScenario.Publishers)
                .Select(p => StartNode(script, modules, processes, "pub", port, p, BurstScenario.Messages / BurstScenario.Publishers, BurstScenario.PayloadSize, limitMs))
                .ToList();
            foreach (var pub in pubs)
            {
                await ExpectLineAsync(pub, "connected", bound.Token);
            }

            foreach (var pub in pubs)
            {
                await TellAsync(pub, "go", bound.Token);
            }

            foreach (var pub in pubs)
            {
                await ExpectLineAsync(pub, "published", bound.Token);
            }

            await TellAsync(sub, "published", bound.Token);
            var result = await sub.StandardOutput.ReadLineAsync(bound.Token)
                ?? throw new InvalidOperationException("the MQTT.js subscriber ended without a result");
            var words = result.Split(' ');
            if (words is not ["delivered", var delivered, "seconds", var seconds])
            {
                throw new InvalidOperationException($"the MQTT.js subscriber said '{result}', not 'delivered N seconds S'");
            }

            sub.StandardInput.Close();
            var count = long.Parse(delivered, CultureInfo.InvariantCulture);
            var elapsed = double.Parse(seconds, CultureInfo.InvariantCulture);
            return new BurstResult(count, count > 1 && elapsed > 0 ? count / elapsed : 0);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            throw new TimeoutException($"the MQTT.js burst did not finish in {limit.TotalSeconds:0} s");
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync(CancellationToken.None);
                process.Dispose();
            }
        }
    }

    /// <summary>Where MQTT.js is: AIOT_TEST_NODE_MODULES, else tests/.tools/node_modules above the bench (tests/run.sh installs it there).</summary>
    private static string NodeModulesPath()
    {
        if (Environment.GetEnvironmentVariable("AIOT_TEST_NODE_MODULES") is { Length: > 0 } fromEnvironment && Directory.Exists(Path.Combine(fromEnvironment, "mqtt")))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", ".tools", "node_modules");
            if (Directory.Exists(Path.Combine(candidate, "mqtt")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("MQTT.js not found: set AIOT_TEST_NODE_MODULES or run `bash tests/run.sh`, which installs it into tests/.tools");
    }

    private static Process StartNode(string script, string modules, List<Process> processes, params object[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NODE_PATH"] = modules;
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(Convert.ToString(argument, CultureInfo.InvariantCulture)!);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        processes.Add(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"    [MQTT.js] {line}");
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A line to a client; one that has already ended (its output says why) is not an error here.</summary>
    private static async Task TellAsync(Process process, string line, CancellationToken bound)
    {
        try
        {
            await process.StandardInput.WriteLineAsync(line.AsMemory(), bound);
            await process.StandardInput.FlushAsync(bound);
        }
        catch (IOException)
        {
        }
    }

    private static async Task ExpectLineAsync(Process process, string expected, CancellationToken bound)
    {
        var line = await process.StandardOutput.ReadLineAsync(bound);
        if (line != expected)
        {
            throw new InvalidOperationException($"an MQTT.js client said '{line ?? "nothing (it exited)"}' where '{expected}' was expected");
        }
    }
}
