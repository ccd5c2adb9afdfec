using System.Diagnostics;

namespace AIoT.Host.Tests.Support;

/// <summary>Debian's promtool (package prometheus, installed by tests/run.sh): Prometheus' own checks of what we hand it.</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    /// <summary>Runs promtool with the arguments and <paramref name="input"/> on stdin; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string input, params string[] arguments)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: install Debian's prometheus package (tests/run.sh does).");
        var start = new ProcessStartInfo(Path) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
