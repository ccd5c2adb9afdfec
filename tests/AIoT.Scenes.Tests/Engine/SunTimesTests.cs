using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Sunrise and sunset against published times, in the household's local time.</summary>
public sealed class SunTimesTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(3);

    private static void Near(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.NotNull(actual);
        Assert.True((actual.Value - expected).Duration() <= Tolerance, $"expected about {expected:O}, got {actual.Value.ToOffset(expected.Offset):O}");
    }

    [Fact]
    public void Beijing_at_midsummer_rises_about_04_46_and_sets_about_19_46()
    {
        var clock = SceneClock.Beijing;
        var date = new DateOnly(2026, 6, 21);

        Near(TestScenes.Beijing(2026, 6, 21, 4, 46), clock.On(date, DayTime.Sunrise(TimeSpan.Zero)));
        Near(TestScenes.Beijing(2026, 6, 21, 19, 46), clock.On(date, DayTime.Sunset(TimeSpan.Zero)));
    }

    [Fact]
    public void Beijing_at_midwinter_rises_about_07_33_and_sets_about_16_53()
    {
        var clock = SceneClock.Beijing;
        var date = new DateOnly(2026, 12, 21);

        Near(TestScenes.Beijing(2026, 12, 21, 7, 33), clock.On(date, DayTime.Sunrise(TimeSpan.Zero)));
        Near(TestScenes.Beijing(2026, 12, 21, 16, 53), clock.On(date, DayTime.Sunset(TimeSpan.Zero)));
    }

    [Fact]
    public void Sun_times_fall_on_the_local_date_asked_for_west_of_greenwich_too()
    {
        // San Francisco (UTC-7 in summer): sunset about 20:35 local, which is the next day in UTC.
        var clock = new SceneClock(TimeSpan.FromHours(-7), 37.7749, -122.4194);
        var date = new DateOnly(2026, 6, 21);

        Near(new DateTimeOffset(2026, 6, 21, 20, 35, 0, TimeSpan.FromHours(-7)), clock.On(date, DayTime.Sunset(TimeSpan.Zero)));
        Near(new DateTimeOffset(2026, 6, 21, 5, 48, 0, TimeSpan.FromHours(-7)), clock.On(date, DayTime.Sunrise(TimeSpan.Zero)));
    }

    [Fact]
    public void An_offset_moves_a_sun_time_by_exactly_that_much()
    {
        var clock = SceneClock.Beijing;
        var date = new DateOnly(2026, 6, 21);
        var sunset = clock.On(date, DayTime.Sunset(TimeSpan.Zero))!.Value;

        Assert.Equal(sunset.AddMinutes(-30), clock.On(date, DayTime.Sunset(TimeSpan.FromMinutes(-30))));
        Assert.Equal(sunset.AddMinutes(15), clock.On(date, DayTime.Sunset(TimeSpan.FromMinutes(15))));
    }

    [Fact]
    public void Under_the_midnight_sun_there_is_no_sunset_and_no_next_one_within_the_week()
    {
        var tromso = new SceneClock(TimeSpan.FromHours(2), 69.6492, 18.9553);

        Assert.Equal((null, null), SunTimes.For(new DateOnly(2026, 6, 21), tromso.Latitude, tromso.Longitude));
        Assert.Null(tromso.On(new DateOnly(2026, 6, 21), DayTime.Sunset(TimeSpan.Zero)));
        Assert.Null(tromso.Next(DayTime.Sunset(TimeSpan.Zero), DaySet.Every, new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void A_clock_time_is_that_time_on_the_local_date_with_the_households_offset()
    {
        Assert.Equal(TestScenes.Beijing(2026, 6, 22, 7, 30), SceneClock.Beijing.On(new DateOnly(2026, 6, 22), DayTime.At(new TimeOnly(7, 30))));
        Assert.Equal(new DateTimeOffset(2026, 6, 21, 23, 30, 0, TimeSpan.Zero), SceneClock.Beijing.On(new DateOnly(2026, 6, 22), DayTime.At(new TimeOnly(7, 30))));
    }
}
