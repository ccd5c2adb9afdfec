using System.Globalization;
using AIoT.Scenes.Model;

namespace AIoT.Scenes.Files;

/// <summary>Times of day and sets of days as scene files write them.</summary>
internal static class FileTimes
{
    public const string DayTimeHint = "give a time as \"07:30\", sunrise or sunset, with an optional offset such as sunset-30m or sunrise+15m";

    public const string DaysHint = "give weekdays, weekend, every day, or a list of mon, tue, wed, thu, fri, sat, sun";

    private static readonly DayOfWeek[] MondayFirst =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static readonly IReadOnlyList<string> DayWords = [.. MondayFirst.Select(d => DaySet.Names[(int)d])];

    public static readonly IReadOnlyList<string> SetWords = ["weekdays", "weekend", "every day", "all"];

    public static bool TryParseDayTime(string text, out DayTime time)
    {
        time = default;
        var trimmed = text.Trim();
        foreach (var (word, kind) in new[] { ("sunrise", DayTimeBase.Sunrise), ("sunset", DayTimeBase.Sunset) })
        {
            if (!trimmed.StartsWith(word, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = trimmed[word.Length..];
            if (rest.Length == 0)
            {
                time = new DayTime(kind, TimeSpan.Zero);
                return true;
            }

            if (rest[0] is not ('+' or '-') || !Durations.TryParse(rest[1..], out var offset) || rest[1..].Trim() != rest[1..]
                || !char.IsAsciiDigit(rest[1]))
            {
                return false;
            }

            time = new DayTime(kind, rest[0] == '-' ? -offset : offset);
            return true;
        }

        var parts = trimmed.Split(':');
        if (parts.Length == 2 && parts[0].Length is 1 or 2 && parts[1].Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            && hours < 24 && minutes < 60)
        {
            time = DayTime.At(new TimeOnly(hours, minutes));
            return true;
        }

        return false;
    }

    /// <summary>One word for the whole set (weekdays, weekend, every day, all, or one day), or null.</summary>
    public static DaySet? ParseDaysWord(string text) => text.Trim().ToLowerInvariant() switch
    {
        "weekdays" => DaySet.Weekdays,
        "weekend" or "weekends" => DaySet.Weekend,
        "every day" or "everyday" or "daily" or "all" => DaySet.Every,
        var word => ParseDay(word) is { } day ? DaySet.Of(day) : null,
    };

    public static DayOfWeek? ParseDay(string text)
    {
        var word = text.Trim().ToLowerInvariant();
        for (var day = 0; day < 7; day++)
        {
            if (DaySet.Names[day] == word)
            {
                return (DayOfWeek)day;
            }
        }

        return null;
    }

    /// <summary>"weekdays", "weekend", or the days Monday first; every day is the default and written by omission.</summary>
    public static IReadOnlyList<string> DayNames(DaySet days) => [.. MondayFirst.Where(days.Contains).Select(d => DaySet.Names[(int)d])];

    public static string? DaysWord(DaySet days) =>
        days == DaySet.Every ? "every day" : days == DaySet.Weekdays ? "weekdays" : days == DaySet.Weekend ? "weekend" : null;

    /// <summary>For a near miss: "monday" or "Mond" suggest mon.</summary>
    public static string? SuggestDay(string text)
    {
        var word = text.Trim().ToLowerInvariant();
        return word.Length >= 3 && DayWords.FirstOrDefault(d => word.StartsWith(d, StringComparison.Ordinal)) is { } day
            ? day
            : FileWords.Nearest(word, DayWords.Concat(SetWords));
    }
}
