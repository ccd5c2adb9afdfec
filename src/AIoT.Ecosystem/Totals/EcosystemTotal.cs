namespace AIoT.Ecosystem.Totals;

/// <summary>The live totals the twins keep by reporting their changes (never by a scan): a device going online adds one, going offline takes it away.</summary>
public enum EcosystemTotal
{
    DevicesOnline = 0,
    PeopleAtHome = 1,
    VehiclesDriving = 2,
    VehiclesCharging = 3,
}
