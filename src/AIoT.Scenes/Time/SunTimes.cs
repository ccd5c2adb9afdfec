namespace AIoT.Scenes.Time;

/// <summary>
/// Sunrise and sunset from the NOAA solar equations (zenith 90.833°, which allows for refraction and the sun's
/// radius); within a minute or two of published tables at the latitudes of our cities.
/// </summary>
public static class SunTimes
{
    public static (DateTimeOffset? Sunrise, DateTimeOffset? Sunset) For(DateOnly date, double latitude, double longitude)
    {
        var dayOfYear = date.DayOfYear;
        var gamma = 2 * Math.PI / (DateTime.IsLeapYear(date.Year) ? 366 : 365) * (dayOfYear - 1);
        var equationOfTime = 229.18 * (0.000075 + (0.001868 * Math.Cos(gamma)) - (0.032077 * Math.Sin(gamma))
            - (0.014615 * Math.Cos(2 * gamma)) - (0.040849 * Math.Sin(2 * gamma)));
        var declination = 0.006918 - (0.399912 * Math.Cos(gamma)) + (0.070257 * Math.Sin(gamma)) - (0.006758 * Math.Cos(2 * gamma))
            + (0.000907 * Math.Sin(2 * gamma)) - (0.002697 * Math.Cos(3 * gamma)) + (0.00148 * Math.Sin(3 * gamma));
        var phi = latitude * Math.PI / 180;
        var cosHourAngle = (Math.Cos(90.833 * Math.PI / 180) / (Math.Cos(phi) * Math.Cos(declination))) - (Math.Tan(phi) * Math.Tan(declination));
        if (cosHourAngle is < -1 or > 1)
        {
            return (null, null);
        }

        var hourAngle = Math.Acos(cosHourAngle) * 180 / Math.PI;
        var midnightUtc = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        DateTimeOffset At(double minutes) => midnightUtc.AddMinutes(minutes);
        return (At(720 - (4 * (longitude + hourAngle)) - equationOfTime), At(720 - (4 * (longitude - hourAngle)) - equationOfTime));
    }
}
