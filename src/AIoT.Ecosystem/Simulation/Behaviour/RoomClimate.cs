namespace AIoT.Ecosystem.Simulation.Behaviour;

/// <summary>
/// A room's air temperature relaxes exponentially toward the air conditioner's setpoint while it runs, and toward the
/// outdoor temperature (slower, through the walls) while it does not.
/// </summary>
public static class RoomClimate
{
    /// <summary>Time constant of an AC pulling a room to its setpoint.</summary>
    public static readonly TimeSpan AirConditionerTimeConstant = TimeSpan.FromMinutes(12);

    /// <summary>Time constant of a closed room drifting to the outdoor temperature.</summary>
    public static readonly TimeSpan EnvelopeTimeConstant = TimeSpan.FromHours(4);

    public static double Step(double roomC, double outdoorC, double? airConditionerSetpointC, TimeSpan dt, Random random)
    {
        var (target, tau) = airConditionerSetpointC is { } setpoint
            ? (setpoint, AirConditionerTimeConstant)
            : (outdoorC, EnvelopeTimeConstant);
        var next = target + ((roomC - target) * Math.Exp(-dt / tau));
        return Math.Round(next + ((random.NextDouble() - 0.5) * 0.02), 2);
    }

    /// <summary>Outdoor temperature over a day: coldest near 05:00, warmest near 15:00.</summary>
    public static double OutdoorC(DateTimeOffset at, double dailyMeanC, double amplitudeC) =>
        dailyMeanC + (amplitudeC * Math.Cos((at.TimeOfDay.TotalHours - 15) / 24 * 2 * Math.PI));
}
