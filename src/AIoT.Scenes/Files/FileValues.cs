using AIoT.Scenes.Model;
using YamlDotNet.RepresentationModel;

namespace AIoT.Scenes.Files;

/// <summary>Typed reads of one node of a scene file; a node of the wrong kind is reported (saying what to write) and read as null.</summary>
internal static class FileValues
{
    public const string ValueHint = "true or false, a number, or text; quote text that looks like a number";

    public static string? Text(YamlNode node, string path, FileProblems problems)
    {
        if (node is YamlScalarNode scalar && FileScalars.KindOf(scalar) != ScalarKind.Null)
        {
            return scalar.Value!;
        }

        problems.Add(node, path, $"expected text, got {FileScalars.Describe(node)}.");
        return null;
    }

    public static double? Number(YamlNode node, string path, FileProblems problems)
    {
        if (node is YamlScalarNode scalar)
        {
            var kind = FileScalars.KindOf(scalar);
            if (kind == ScalarKind.Number)
            {
                var number = FileScalars.ParseNumber(scalar.Value!);
                if (double.IsFinite(number))
                {
                    return number;
                }
            }
            else if (kind == ScalarKind.Text && FileScalars.KindOfPlain(scalar.Value!.Trim()) == ScalarKind.Number)
            {
                problems.Add(node, path, $"expected a number, got {FileScalars.Describe(scalar)}: remove the quotes.");
                return null;
            }
        }

        problems.Add(node, path, $"expected a number, got {FileScalars.Describe(node)}.");
        return null;
    }

    public static bool? Bool(YamlNode node, string path, FileProblems problems)
    {
        if (node is YamlScalarNode scalar)
        {
            switch (FileScalars.KindOf(scalar))
            {
                case ScalarKind.Bool:
                    return FileScalars.IsTrue(scalar.Value!);
                case ScalarKind.Ambiguous:
                    problems.Add(node, path, $"expected true or false, got '{scalar.Value}': write true or false (YAML tools disagree on {scalar.Value}).");
                    return null;
                case ScalarKind.Text when FileScalars.KindOfPlain(scalar.Value!.Trim()) == ScalarKind.Bool:
                    problems.Add(node, path, $"expected true or false, got {FileScalars.Describe(scalar)}: remove the quotes.");
                    return null;
            }
        }

        problems.Add(node, path, $"expected true or false, got {FileScalars.Describe(node)}.");
        return null;
    }

    public static SceneValue? Value(YamlNode node, string path, FileProblems problems)
    {
        if (node is not YamlScalarNode scalar)
        {
            problems.Add(node, path, $"expected a value, got {FileScalars.Describe(node)}: give {ValueHint}.");
            return null;
        }

        switch (FileScalars.KindOf(scalar))
        {
            case ScalarKind.Bool:
                return SceneValue.Of(FileScalars.IsTrue(scalar.Value!));
            case ScalarKind.Number:
                var number = FileScalars.ParseNumber(scalar.Value!);
                if (double.IsFinite(number))
                {
                    return SceneValue.Of(number);
                }

                problems.Add(node, path, $"'{scalar.Value}' is too large a number.");
                return null;
            case ScalarKind.Text:
                return SceneValue.Of(scalar.Value!);
            case ScalarKind.Ambiguous:
                problems.Add(node, path, $"'{scalar.Value}' is read as a bool by some YAML tools and as text by others: write true or false, or \"{scalar.Value}\" in quotes for text.");
                return null;
            default:
                problems.Add(node, path, $"has no value: give {ValueHint}.");
                return null;
        }
    }

    public static TimeSpan? Duration(YamlNode node, string path, FileProblems problems)
    {
        if (node is YamlScalarNode scalar && FileScalars.KindOf(scalar) is ScalarKind.Number or ScalarKind.Text
            && Durations.TryParse(scalar.Value!, out var duration))
        {
            if (duration >= TimeSpan.Zero)
            {
                return duration;
            }

            problems.Add(node, path, $"'{scalar.Value}' is negative; a duration is 0s or more.");
            return null;
        }

        problems.Add(node, path, $"expected a duration such as 90s, 5m or 1h30m, got {FileScalars.Describe(node)}.");
        return null;
    }

    public static DayTime? Time(YamlNode node, string path, FileProblems problems)
    {
        if (node is YamlScalarNode scalar && FileScalars.KindOf(scalar) == ScalarKind.Text && FileTimes.TryParseDayTime(scalar.Value!, out var time))
        {
            return time;
        }

        problems.Add(node, path, $"expected a time of day, got {FileScalars.Describe(node)}: {FileTimes.DayTimeHint}.");
        return null;
    }

    public static DaySet? Days(YamlNode node, string path, FileProblems problems)
    {
        if (node is YamlScalarNode scalar && FileScalars.KindOf(scalar) == ScalarKind.Text)
        {
            if (FileTimes.ParseDaysWord(scalar.Value!) is { } set)
            {
                return set;
            }

            problems.Add(node, path, $"'{scalar.Value}' is not a day.{SuggestDay(scalar.Value!)} {Capitalised(FileTimes.DaysHint)}.");
            return null;
        }

        if (node is YamlSequenceNode list)
        {
            if (list.Children.Count == 0)
            {
                problems.Add(node, path, $"the list of days is empty: {FileTimes.DaysHint}.");
                return null;
            }

            var bits = 0;
            var failed = false;
            foreach (var (item, i) in list.Children.Select((item, i) => (item, i)))
            {
                var word = item is YamlScalarNode { Value: { } text } ? text : null;
                if (word is not null && FileTimes.ParseDay(word) is { } day)
                {
                    bits |= 1 << (int)day;
                    continue;
                }

                failed = true;
                var suggestion = word is null ? "" : SuggestDay(word);
                problems.Add(item, $"{path}[{i}]", $"expected a day (mon, tue, wed, thu, fri, sat, sun), got {FileScalars.Describe(item)}.{suggestion}");
            }

            return failed ? null : new DaySet((byte)bits);
        }

        problems.Add(node, path, $"expected days, got {FileScalars.Describe(node)}: {FileTimes.DaysHint}.");
        return null;
    }

    /// <summary>One of a fixed set of words; a near miss gets a did-you-mean.</summary>
    public static T? Word<T>(YamlNode node, string path, IReadOnlyDictionary<string, T> words, FileProblems problems)
        where T : struct
    {
        var text = node is YamlScalarNode scalar && FileScalars.KindOf(scalar) != ScalarKind.Null ? scalar.Value! : null;
        if (text is not null && words.TryGetValue(text, out var value))
        {
            return value;
        }

        var given = text is null ? FileScalars.Describe(node) : $"'{text}'";
        var near = text is null ? "" : FileWords.DidYouMean(text, words.Keys);
        problems.Add(node, path, $"expected one of {FileWords.List(words.Keys)}, got {given}.{near}");
        return null;
    }

    private static string SuggestDay(string word) => FileTimes.SuggestDay(word) is { } day ? $" Did you mean '{day}'?" : "";

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
