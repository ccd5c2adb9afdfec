using System.CommandLine;
using System.Text.RegularExpressions;
using AIoT.Host.Cli;

namespace AIoT.Host.Tests.Support;

/// <summary>Whether an argument list a deploy file passes to the host is one the host's command line accepts.</summary>
internal static partial class HostArguments
{
    /// <summary>The parser's errors for these arguments (empty when the host accepts them).</summary>
    public static IReadOnlyList<string> Errors(IReadOnlyList<string> arguments) =>
        [.. AiotCommandLine.Create().Parse([.. arguments]).Errors.Select(e => e.Message)];

    /// <summary>
    /// What the host says of the settings these arguments make once the deployment's variables are in place (null
    /// when it would start with them): $(VAR), ${VAR} and compose's ${VAR:?message} are replaced from
    /// <paramref name="environment"/>, and AIOT_CLUSTER and AIOT_API_TOKEN there are read as the host reads them.
    /// </summary>
    public static string? SettingsError(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var expanded = arguments.Select(a => Expand(a, environment)).ToList();
        // As explicit options rather than the process's environment, which every test in this process shares.
        if (environment.TryGetValue("AIOT_CLUSTER", out var cluster))
        {
            expanded.AddRange(["--cluster", Expand(cluster, environment)]);
        }

        if (environment.TryGetValue("AIOT_API_TOKEN", out var token))
        {
            expanded.AddRange(["--api-token", Expand(token, environment)]);
        }

        var command = new RootCommand();
        var options = new HostCommandOptions();
        options.AddTo(command);
        var parsed = command.Parse(expanded);
        if (parsed.Errors.Count > 0)
        {
            return string.Join("; ", parsed.Errors.Select(e => e.Message));
        }

        return options.TryRead(parsed, out _, out var error) ? null : error;
    }

    /// <summary>What follows aiot.dll in a command line ("dotnet /app/aiot.dll --data /data" gives "--data /data").</summary>
    public static IReadOnlyList<string> After(IReadOnlyList<string> commandLine)
    {
        var dll = commandLine.ToList().FindIndex(part => part.EndsWith("aiot.dll", StringComparison.Ordinal));
        Assert.True(dll >= 0, $"no aiot.dll in '{string.Join(' ', commandLine)}'");
        return [.. commandLine.Skip(dll + 1)];
    }

    /// <summary>The value with its $(VAR), ${VAR} and ${VAR:?message} replaced from <paramref name="environment"/>.</summary>
    public static string Expand(string value, IReadOnlyDictionary<string, string> environment) =>
        Variable().Replace(value, match =>
        {
            var name = match.Groups["paren"].Success ? match.Groups["paren"].Value : match.Groups["brace"].Value;
            Assert.True(environment.TryGetValue(name, out var replacement), $"'{value}' uses {name}, which the deployment does not set");
            return replacement;
        });

    [GeneratedRegex(@"\$\((?<paren>[A-Za-z_][A-Za-z0-9_]*)\)|\$\{(?<brace>[A-Za-z_][A-Za-z0-9_]*)(:?[?-][^}]*)?\}")]
    private static partial Regex Variable();
}
