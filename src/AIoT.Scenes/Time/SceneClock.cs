using AIoT.Scenes.Model;

namespace AIoT.Scenes.Time;

/// <summary>A household's local time and sun: its UTC offset and its home's coordinates.</summary>
public sealed record SceneClock(TimeSpan UtcOffset, double Latitude, double Longitude)
{
    public static readonly SceneClock Beijing = new(TimeSpan.FromHours(8), 39.9042, 116.4074);

    public DateTimeOffset Local(DateTimeOffset utc) => utc.ToOffset(UtcOffset);

    /// <summary>When <paramref name="time"/> falls on the local date of <paramref name="localDate"/>; null on a day without that sun event (polar).</summary>
    public DateTimeOffset? On(DateOnly localDate, DayTime time)
    {
        var midnight = new DateTimeOffset(localDate.ToDateTime(TimeOnly.MinValue), UtcOffset);
        if (time.Base == DayTimeBase.Clock)
        {
            return midnight + time.Offset;
        }

        var sun = SunTimes.For(localDate, Latitude, Longitude);
        var at = time.Base == DayTimeBase.Sunrise ? sun.Sunrise : sun.Sunset;
        return at is { } utc ? utc.ToOffset(UtcOffset) + time.Offset : null;
    }

    /// <summary>The first moment strictly after <paramref name="after"/> that is <paramref name="time"/> on one of <paramref name="days"/>.</summary>
    public DateTimeOffset? Next(DayTime time, DaySet days, DateTimeOffset after)
    {
        var date = DateOnly.FromDateTime(Local(after).DateTime).AddDays(-1);
        for (var i = 0; i < 9; i++, date = date.AddDays(1))
        {
            if (days.Contains(date.DayOfWeek) && On(date, time) is { } at && at > after)
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>The next tick of a schedule counted from local midnight, strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset? NextTick(TimeSpan every, DaySet days, DateTimeOffset after)
    {
        var local = Local(after);
        var date = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i < 8; i++, date = date.AddDays(1))
        {
            if (!days.Contains(date.DayOfWeek))
            {
                continue;
            }

            var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), UtcOffset);
            var ticks = i == 0 ? Math.Floor((local - midnight) / every) + 1 : 0;
            var at = midnight + (every * ticks);
            if (at < midnight.AddDays(1) && at > after)
            {
                return at;
            }
        }

        return null;
    }
}
