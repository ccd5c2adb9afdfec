namespace AIoT.Ecosystem.Vehicles;

/// <summary>Published figures of the Xiaomi SU7 (standard, rear-wheel drive), used by the twin and its simulation.</summary>
public static class Su7Specification
{
    public const string Model = "Xiaomi SU7";

    /// <summary>Usable battery energy, kWh (LFP pack of the standard version).</summary>
    public const double BatteryCapacityKWh = 73.6;

    /// <summary>Mixed-driving consumption, kWh per 100 km.</summary>
    public const double ConsumptionKWhPer100Km = 15.0;

    /// <summary>Power of a home AC wall charger, kW.</summary>
    public const double HomeChargerPowerKw = 7.0;

    public const double MinCabinTargetC = 16;

    public const double MaxCabinTargetC = 32;

    public static double RangeKm(double stateOfChargePercent) =>
        stateOfChargePercent / 100 * BatteryCapacityKWh / ConsumptionKWhPer100Km * 100;

    /// <summary>State of charge used by driving this far.</summary>
    public static double PercentForKm(double km) => km * ConsumptionKWhPer100Km / 100 / BatteryCapacityKWh * 100;

    /// <summary>State of charge added by charging for this long at home.</summary>
    public static double PercentForCharging(TimeSpan duration) => HomeChargerPowerKw * duration.TotalHours / BatteryCapacityKWh * 100;
}
