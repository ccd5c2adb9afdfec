using System.Diagnostics.Metrics;

namespace AIoT.Host.Web.Live;

/// <summary>The dashboard's totals as gauges, so Prometheus and Grafana show what the overview shows, read from its latest sample.</summary>
internal sealed class OverviewMetrics : IDisposable
{
    public const string MeterName = "AIoT.Overview";

    private readonly Meter _meter = new(MeterName);

    public OverviewMetrics(Func<OverviewSample?> latest)
    {
        void Gauge(string name, string unit, string description, Func<OverviewSample, long> read) =>
            _meter.CreateObservableGauge<long>(name, () => latest() is { } sample ? [new Measurement<long>(read(sample))] : Array.Empty<Measurement<long>>(), unit, description);

        Gauge("aiot.overview.households", "{household}", "Households in the index", s => s.Households);
        Gauge("aiot.overview.people", "{person}", "People in the index", s => s.People);
        Gauge("aiot.overview.vehicles", "{vehicle}", "Vehicles in the index", s => s.Vehicles);
        Gauge("aiot.overview.devices", "{device}", "Devices in households, simulated or MQTT", s => s.Devices);
        Gauge("aiot.overview.devices_online", "{device}", "Devices online, as the twins count them", s => s.DevicesOnline);
        Gauge("aiot.overview.people_at_home", "{person}", "People at home, as the twins count them", s => s.PeopleAtHome);
        Gauge("aiot.overview.vehicles_driving", "{vehicle}", "Vehicles out of park", s => s.VehiclesDriving);
        Gauge("aiot.overview.vehicles_charging", "{vehicle}", "Vehicles charging", s => s.VehiclesCharging);
    }

    public void Dispose() => _meter.Dispose();
}
