namespace AIoT.Ecosystem.Vehicles;

public interface IVehicleObserver : IGrainObserver
{
    void OnGeofence(GeofenceEvent geofenceEvent);

    void OnVehicleChanged(VehicleSnapshot snapshot);
}
