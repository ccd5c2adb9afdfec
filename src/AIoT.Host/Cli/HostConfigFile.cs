using System.CommandLine;
using System.Text.Json;
using AIoT.Scenes.Files;

namespace AIoT.Host.Cli;

/// <summary>
/// The host's options in a JSON file (<c>{ "cluster": "postgres://...", "silo-port": 11112 }</c>), each key an option's
/// name without the dashes. The command line wins over the environment, and both over the file.
/// </summary>
internal static class HostConfigFile
{
    private static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The arguments with the file's values added for the options that neither the command line nor their environment variable gives.</summary>
    public static bool TryMerge(
        string path,
        ParseResult given,
        IReadOnlyList<Option> options,
        IReadOnlyDictionary<Option, string> environmentVariables,
        out string[] arguments,
        out string error)
    {
        arguments = [];
        if (!TryReadValues(path, options, out var values, out error))
        {
            return false;
        }

        var merged = new List<string>(given.Tokens.Select(token => token.Value));
        foreach (var (option, value) in values)
        {
            var fromCommandLine = given.GetResult(option) is { Implicit: false };
            var fromEnvironment = environmentVariables.TryGetValue(option, out var variable) && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable));
            if (!fromCommandLine && !fromEnvironment)
            {
                merged.Add(option.Name);
                merged.Add(value);
            }
        }

        arguments = [.. merged];
        return true;
    }

    private static bool TryReadValues(string path, IReadOnlyList<Option> options, out List<(Option Option, string Value)> values, out string error)
    {
        values = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), Reading);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"--config: {path} cannot be read: {ex.Message}";
            return false;
        }
        catch (JsonException ex)
        {
            error = $"--config: {path} is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: write it as {{ \"cluster\": \"postgres://...\", \"silo-port\": 11112 }}.";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"--config: {path} must hold one JSON object of option names and values, like {{ \"mqtt\": \"0.0.0.0:1883\" }}.";
                return false;
            }

            var byName = options.Where(option => option.Name != "--config").ToDictionary(option => option.Name.TrimStart('-'), StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var name = property.Name.TrimStart('-');
                if (!byName.TryGetValue(name, out var option))
                {
                    error = $"--config: {path}: '{property.Name}' is not an option of the host.{FileWords.DidYouMean(name, byName.Keys)} The options are those of `aiot --help`, without the dashes.";
                    return false;
                }

                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        values.Add((option, property.Value.GetString()!));
                        break;
                    case JsonValueKind.Number:
                        values.Add((option, property.Value.GetRawText()));
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        values.Add((option, property.Value.GetBoolean() ? "true" : "false"));
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        error = $"--config: {path}: '{property.Name}' must be a string, a number or true/false, as on the command line (got {property.Value.ValueKind.ToString().ToLowerInvariant()}).";
                        return false;
                }
            }
        }

        error = "";
        return true;
    }
}
