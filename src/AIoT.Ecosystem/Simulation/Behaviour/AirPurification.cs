namespace AIoT.Ecosystem.Simulation.Behaviour;

/// <summary>
/// PM2.5 in a room: the purifier removes particles at its clean-air delivery rate (CADR) per room volume, and outdoor
/// air seeps in at the room's air-exchange rate. Without the purifier the room approaches the outdoor level.
/// </summary>
public static class AirPurification
{
    /// <summary>Clean-air delivery rate by purifier mode (0 auto, 1 silent, 2 favorite, 3 fan), m³/h.</summary>
    public static double CadrM3PerHour(int mode) => mode switch
    {
        1 => 120,
        2 => 280,
        3 => 400,
        _ => 330,
    };

    public const double AirExchangesPerHour = 0.5;

    public static double Step(double pm25, double outdoorPm25, bool purifierOn, int mode, double roomVolumeM3, TimeSpan dt, Random random)
    {
        var removalPerHour = AirExchangesPerHour + (purifierOn ? CadrM3PerHour(mode) / roomVolumeM3 : 0);
        var equilibrium = outdoorPm25 * AirExchangesPerHour / removalPerHour;
        var next = equilibrium + ((pm25 - equilibrium) * Math.Exp(-removalPerHour * dt.TotalHours));
        return Math.Max(0, Math.Round(next * (1 + ((random.NextDouble() - 0.5) * 0.02)), 1));
    }
}
