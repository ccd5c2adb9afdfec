namespace AIoT.Ecosystem.Simulation.Behaviour;

/// <summary>Lights follow occupancy and daylight: on when someone is in the room and it is dark, dimmer late at night.</summary>
public static class Lighting
{
    public static bool IsDark(DateTimeOffset at) => at.TimeOfDay < TimeSpan.FromHours(7) || at.TimeOfDay >= TimeSpan.FromHours(18.5);

    public static (bool On, int BrightnessPercent) Decide(bool occupied, bool asleep, DateTimeOffset at)
    {
        if (!occupied || asleep || !IsDark(at))
        {
            return (false, 0);
        }

        return (true, at.TimeOfDay >= TimeSpan.FromHours(22) || at.TimeOfDay < TimeSpan.FromHours(6) ? 30 : 80);
    }
}
