using AIoT.Ecosystem.Geo;

namespace AIoT.Ecosystem.Vehicles;

/// <summary>What a dashboard, a scene or a test reads of a vehicle.</summary>
[GenerateSerializer, Immutable]
public sealed record VehicleSnapshot(
    string VehicleId,
    string Model,
    string? HouseholdId,
    GeoPoint Position,
    double? DistanceToHomeKm,
    double SpeedKmh,
    Gear Gear,
    double StateOfChargePercent,
    double RangeKm,
    ChargingState Charging,
    bool Locked,
    double CabinTemperatureC,
    double? PreconditionTargetC,
    IReadOnlyList<string> Occupants,
    double OdometerKm,
    DateTimeOffset LastUpdated);

/// <summary>A position report from the car (or its simulation).</summary>
[GenerateSerializer, Immutable]
public sealed record VehicleTelemetry(GeoPoint Position, double SpeedKmh, Gear Gear, double? StateOfChargePercent = null, double? CabinTemperatureC = null);

/// <summary>Raised when the vehicle crosses one of its home radii.</summary>
[GenerateSerializer, Immutable]
public sealed record GeofenceEvent(string VehicleId, string? HouseholdId, GeofenceDirection Direction, double RadiusKm, double DistanceKm, DateTimeOffset At);
