using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

internal enum ScalarKind
{
    Null,
    Bool,
    Number,
    Text,

    /// <summary>yes, no, on, off written bare: a bool to YAML 1.1 tools, text to YAML 1.2 ones; refused so nobody guesses.</summary>
    Ambiguous,
}

/// <summary>
/// What a scalar of a scene file is, by YAML 1.2's core rules: bare true/false are bools, bare numbers are numbers,
/// anything quoted is text. JSON files read the same way, since JSON's strings are quoted.
/// </summary>
internal static partial class FileScalars
{
    private const string StringTag = "tag:yaml.org,2002:str";

    public static ScalarKind KindOf(YamlScalarNode scalar)
    {
        if ((!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == StringTag) || scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return ScalarKind.Text;
        }

        return KindOfPlain(scalar.Value ?? "");
    }

    public static ScalarKind KindOfPlain(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Bool,
        _ when NumberPattern().IsMatch(text) => ScalarKind.Number,
        _ when text.ToLowerInvariant() is "yes" or "no" or "on" or "off" or "y" or "n" => ScalarKind.Ambiguous,
        _ => ScalarKind.Text,
    };

    public static bool IsTrue(string text) => text is "true" or "True" or "TRUE";

    public static double ParseNumber(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Whether text written bare would read back as something else than this text, so the writer quotes it.</summary>
    public static bool NeedsQuotes(string text) =>
        KindOfPlain(text) != ScalarKind.Text || ClockLike().IsMatch(text) || text != text.Trim();

    /// <summary>What a scalar looks like in a message: 'hot', the text "25", nothing.</summary>
    public static string Describe(YamlScalarNode scalar) => KindOf(scalar) switch
    {
        ScalarKind.Null => "nothing",
        ScalarKind.Text when scalar.Style != YamlDotNet.Core.ScalarStyle.Plain => $"the text \"{Shorten(scalar.Value)}\"",
        _ => $"'{Shorten(scalar.Value)}'",
    };

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Describe(scalar),
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping (keys and values)",
        _ => "an alias",
    };

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : $"{text[..40]}...";

    [GeneratedRegex(@"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex NumberPattern();

    /// <summary>YAML 1.1 reads 07:30 as a number of minutes; times are quoted for such tools.</summary>
    [GeneratedRegex(@"^\d+(:\d+)+$")]
    private static partial Regex ClockLike();
}
