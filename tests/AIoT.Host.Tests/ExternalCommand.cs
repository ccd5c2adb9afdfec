using System.Diagnostics;

namespace AIoT.Host.Tests;

/// <summary>Runs a real client (mosquitto_pub, mosquitto_sub, node) to its end, with a bound on how long it may take.</summary>
internal static class ExternalCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, int timeoutMs = 15_000)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish in {timeoutMs} ms.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Where tests/run.sh installed MQTT.js (or AIOT_TEST_NODE_MODULES).</summary>
    public static string NodeModules
    {
        get
        {
            if (Environment.GetEnvironmentVariable("AIOT_TEST_NODE_MODULES") is { Length: > 0 } fromEnvironment && Directory.Exists(fromEnvironment))
            {
                return fromEnvironment;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", ".tools", "node_modules");
                if (Directory.Exists(Path.Combine(candidate, "mqtt")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("MQTT.js is not installed: run `bash tests/run.sh`, which installs it into tests/.tools.");
        }
    }
}
