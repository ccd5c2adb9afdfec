using AIoT.Ecosystem.Geo;
using Orleans.Concurrency;

namespace AIoT.Ecosystem.Vehicles;

/// <summary>The twin of one Xiaomi SU7, keyed by vehicle id.</summary>
public interface IVehicleGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<VehicleSnapshot> GetSnapshot();

    /// <summary>Binds the car to its household and home; the geofence measures from there.</summary>
    Task AssignHome(string householdId, GeoPoint home);

    /// <summary>Radii (km) at which arriving and leaving events fire.</summary>
    Task ConfigureGeofence(IReadOnlyList<double> radiiKm);

    Task<IReadOnlyList<GeofenceEvent>> ReportTelemetry(VehicleTelemetry telemetry);

    Task Lock();

    Task Unlock();

    Task PreconditionCabin(double targetC);

    Task StopPreconditioning();

    Task PlugIn();

    Task Unplug();

    Task StartCharging();

    Task StopCharging();

    /// <summary>Adds or renews charge while plugged in; returns the new state of charge.</summary>
    Task<double> Charge(TimeSpan duration);

    Task Board(string personId);

    Task Alight(string personId);

    Task Subscribe(IVehicleObserver observer);

    Task Unsubscribe(IVehicleObserver observer);
}
