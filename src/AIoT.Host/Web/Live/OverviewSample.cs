namespace AIoT.Host.Web.Live;

/// <summary>The ecosystem at one moment, as the dashboard's totals show it: counts from the index and the twins' totals, rates from the meters.</summary>
public sealed record OverviewSample(
    DateTimeOffset At,
    long Households,
    long People,
    long Vehicles,
    long Devices,
    long MqttRegistered,
    long DevicesOnline,
    long PeopleAtHome,
    long VehiclesDriving,
    long VehiclesCharging,
    long MqttClients,
    double MessagesPerSecond,
    double SceneFiringsPerSecond,
    long ActiveGrains);
