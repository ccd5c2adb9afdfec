using System.Globalization;

namespace AIoT.Scenes.Model;

[GenerateSerializer]
public enum DayTimeBase : byte
{
    Clock,
    Sunrise,
    Sunset,
}

/// <summary>A time of day: "07:30", "sunset", "sunset-30m", "sunrise+15m". Sun times come from the household's location.</summary>
[GenerateSerializer, Immutable]
public readonly record struct DayTime(
    [property: Id(0)] DayTimeBase Base,
    [property: Id(1)] TimeSpan Offset)
{
    public static DayTime At(TimeOnly time) => new(DayTimeBase.Clock, time.ToTimeSpan());

    public static DayTime Sunrise(TimeSpan offset) => new(DayTimeBase.Sunrise, offset);

    public static DayTime Sunset(TimeSpan offset) => new(DayTimeBase.Sunset, offset);

    public override string ToString() => Base switch
    {
        DayTimeBase.Clock => TimeOnly.FromTimeSpan(Offset).ToString("HH:mm", CultureInfo.InvariantCulture),
        _ when Offset == TimeSpan.Zero => Base.ToString().ToLowerInvariant(),
        _ => $"{Base.ToString().ToLowerInvariant()}{(Offset < TimeSpan.Zero ? "-" : "+")}{Durations.Format(Offset.Duration())}",
    };
}
