using AIoT.Ecosystem.Geo;

namespace AIoT.Ecosystem.Vehicles;

/// <summary>The persisted twin of one vehicle.</summary>
[GenerateSerializer]
public sealed class VehicleState
{
    [Id(0)]
    public string Model { get; set; } = Su7Specification.Model;

    [Id(1)]
    public string? HouseholdId { get; set; }

    [Id(2)]
    public GeoPoint? Home { get; set; }

    [Id(3)]
    public GeoPoint Position { get; set; }

    [Id(4)]
    public double SpeedKmh { get; set; }

    [Id(5)]
    public Gear Gear { get; set; } = Gear.Park;

    [Id(6)]
    public double StateOfChargePercent { get; set; } = 80;

    [Id(7)]
    public ChargingState Charging { get; set; } = ChargingState.Unplugged;

    [Id(8)]
    public bool Locked { get; set; } = true;

    [Id(9)]
    public double CabinTemperatureC { get; set; } = 20;

    [Id(10)]
    public double? PreconditionTargetC { get; set; }

    [Id(11)]
    public List<string> Occupants { get; set; } = [];

    [Id(12)]
    public List<double> GeofenceRadiiKm { get; set; } = [.. VehicleDefaults.GeofenceRadiiKm];

    /// <summary>Per radius: was the vehicle inside it at the last position report.</summary>
    [Id(13)]
    public List<bool> InsideRadius { get; set; } = [];

    [Id(14)]
    public double OdometerKm { get; set; }

    [Id(15)]
    public DateTimeOffset LastUpdated { get; set; }
}

public static class VehicleDefaults
{
    /// <summary>"Car 2 km from home" and "car at home" are the scenes users write most.</summary>
    public static readonly IReadOnlyList<double> GeofenceRadiiKm = [2.0, 0.1];
}
