using System.Globalization;

namespace AIoT.Scenes.Model;

/// <summary>Durations as scene files write them: "90s", "5m", "1h30m", "2d"; a bare number is seconds.</summary>
public static class Durations
{
    /// <summary>Longer than any scene waits, and far inside what <see cref="TimeSpan"/> holds, so "99999999999d" is refused, not an overflow.</summary>
    private const double MaxSeconds = 100 * 365.25 * 86400;

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            if (!double.IsFinite(bareSeconds) || Math.Abs(bareSeconds) > MaxSeconds)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(bareSeconds);
            return true;
        }

        var total = 0.0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || digits == span.Length
                || !double.TryParse(span[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unitLength = span[digits..].StartsWith("ms") ? 2 : 1;
            var seconds = span.Slice(digits, unitLength) switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => double.NaN,
            };
            if (double.IsNaN(seconds))
            {
                return false;
            }

            total += amount * seconds;
            span = span[(digits + unitLength)..];
        }

        if (total > MaxSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add($"{duration.Days}d");
        }

        if (duration.Hours > 0)
        {
            parts.Add($"{duration.Hours}h");
        }

        if (duration.Minutes > 0)
        {
            parts.Add($"{duration.Minutes}m");
        }

        if (duration.Seconds > 0 || duration.Milliseconds > 0)
        {
            parts.Add(duration.Milliseconds > 0
                ? $"{(duration.Seconds + (duration.Milliseconds / 1000.0)).ToString(CultureInfo.InvariantCulture)}s"
                : $"{duration.Seconds}s");
        }

        return string.Concat(parts);
    }
}
