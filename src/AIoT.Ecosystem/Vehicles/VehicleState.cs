using AIoT.Ecosystem.Geo;

namespace AIoT.Ecosystem.Vehicles;

/// <summary>The persisted twin of one vehicle.</summary>
public sealed class VehicleState
{
    public string Model { get; set; } = Su7Specification.Model;

    public string? HouseholdId { get; set; }

    public GeoPoint? Home { get; set; }

    public GeoPoint Position { get; set; }

    public double SpeedKmh { get; set; }

    public Gear Gear { get; set; } = Gear.Park;

    public double StateOfChargePercent { get; set; } = 80;

    public ChargingState Charging { get; set; } = ChargingState.Unplugged;

    public bool Locked { get; set; } = true;

    public double CabinTemperatureC { get; set; } = 20;

    public double? PreconditionTargetC { get; set; }

    public List<string> Occupants { get; set; } = [];

    public List<double> GeofenceRadiiKm { get; set; } = [.. VehicleDefaults.GeofenceRadiiKm];

    /// <summary>Per radius: was the vehicle inside it at the last position report.</summary>
    public List<bool> InsideRadius { get; set; } = [];

    public double OdometerKm { get; set; }

    public DateTimeOffset LastUpdated { get; set; }
}

public static class VehicleDefaults
{
    /// <summary>"Car 2 km from home" and "car at home" are the scenes users write most.</summary>
    public static readonly IReadOnlyList<double> GeofenceRadiiKm = [2.0, 0.1];
}
