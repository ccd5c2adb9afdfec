namespace AIoT.Ecosystem.Simulation.Behaviour;

public enum VacuumStatus
{
    Docked,
    Cleaning,
    Returning,
    Charging,
}

/// <summary>A robot vacuum's cycle: clean until the area is done or the battery is low, return, charge to full.</summary>
public sealed record VacuumCycle(VacuumStatus Status, double BatteryPercent, double AreaLeftM2)
{
    public const double DrainPercentPerMinute = 0.8;
    public const double ChargePercentPerMinute = 1.5;
    public const double CleaningM2PerMinute = 1.2;
    public const double ReturnBatteryPercent = 20;

    public static VacuumCycle Docked(double battery = 100) => new(VacuumStatus.Docked, battery, 0);

    public VacuumCycle Start(double areaM2) =>
        BatteryPercent > ReturnBatteryPercent ? this with { Status = VacuumStatus.Cleaning, AreaLeftM2 = areaM2 } : this;

    public VacuumCycle ReturnToDock() => Status == VacuumStatus.Cleaning ? this with { Status = VacuumStatus.Returning } : this;

    public VacuumCycle Step(TimeSpan dt)
    {
        var minutes = dt.TotalMinutes;
        return Status switch
        {
            VacuumStatus.Cleaning when AreaLeftM2 - (CleaningM2PerMinute * minutes) <= 0 || BatteryPercent - (DrainPercentPerMinute * minutes) <= ReturnBatteryPercent =>
                this with
                {
                    Status = VacuumStatus.Returning,
                    BatteryPercent = Math.Max(0, BatteryPercent - (DrainPercentPerMinute * minutes)),
                    AreaLeftM2 = Math.Max(0, AreaLeftM2 - (CleaningM2PerMinute * minutes)),
                },
            VacuumStatus.Cleaning => this with
            {
                BatteryPercent = BatteryPercent - (DrainPercentPerMinute * minutes),
                AreaLeftM2 = AreaLeftM2 - (CleaningM2PerMinute * minutes),
            },
            VacuumStatus.Returning => this with { Status = VacuumStatus.Charging, BatteryPercent = Math.Max(0, BatteryPercent - (DrainPercentPerMinute * minutes)) },
            VacuumStatus.Charging when BatteryPercent + (ChargePercentPerMinute * minutes) >= 100 => this with { Status = VacuumStatus.Docked, BatteryPercent = 100 },
            VacuumStatus.Charging => this with { BatteryPercent = BatteryPercent + (ChargePercentPerMinute * minutes) },
            _ => this,
        };
    }
}
