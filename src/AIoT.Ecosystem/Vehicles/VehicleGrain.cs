using System.Globalization;
using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Runtime;
using AIoT.Ecosystem.Totals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Utilities;

namespace AIoT.Ecosystem.Vehicles;

[GrainType(EcosystemGrainTypes.Vehicle)]
public sealed class VehicleGrain(
    [PersistentState(EcosystemGrainTypes.StateName)] IPersistentState<VehicleState> car,
    TimeProvider time,
    ILogger<VehicleGrain> logger,
    IOptions<TwinStorageOptions> storage,
    IServiceProvider services) : Grain, IVehicleGrain
{
    private readonly TotalsReporter? _totals = services.GetService<TotalsReporter>();
    private bool _countedDriving;
    private bool _countedCharging;
    private readonly ObserverManager<IVehicleObserver> _observers = ObserverLists.Create<IVehicleObserver>(time, logger);

    private bool _unsaved;

    private VehicleState State => car.State;

    private string VehicleId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The stored totals already count this car as it was stored; only changes from here on are reported.
        (_countedDriving, _countedCharging) = (IsDriving, IsCharging);
        return Task.CompletedTask;
    }

    public Task<VehicleSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public async Task AssignHome(string householdId, GeoPoint home)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(householdId);
        State.HouseholdId = householdId;
        State.Home = GeoPoint.Create(home.Latitude, home.Longitude);
        if (!car.RecordExists)
        {
            State.Position = State.Home.Value;
        }

        State.InsideRadius = [.. State.GeofenceRadiiKm.Select(r => DistanceToHome() <= r)];
        await SaveAsync();
    }

    public async Task ConfigureGeofence(IReadOnlyList<double> radiiKm)
    {
        if (radiiKm.Count == 0 || radiiKm.Any(r => double.IsNaN(r) || r <= 0 || r > 500))
        {
            throw new ArgumentException($"Geofence radii must be between 0 and 500 km; got [{string.Join(", ", radiiKm.Select(r => r.ToString(CultureInfo.InvariantCulture)))}].", nameof(radiiKm));
        }

        State.GeofenceRadiiKm = [.. radiiKm.Distinct().OrderDescending()];
        State.InsideRadius = [.. State.GeofenceRadiiKm.Select(r => DistanceToHome() <= r)];
        await SaveAsync();
    }

    public Task<IReadOnlyList<GeofenceEvent>> ReportTelemetry(VehicleTelemetry telemetry)
    {
        var position = GeoPoint.Create(telemetry.Position.Latitude, telemetry.Position.Longitude);
        if (telemetry.SpeedKmh is < 0 or > 300 || double.IsNaN(telemetry.SpeedKmh))
        {
            throw new ArgumentOutOfRangeException(nameof(telemetry), telemetry.SpeedKmh, "Speed must be within [0, 300] km/h.");
        }

        if (telemetry.StateOfChargePercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(telemetry), telemetry.StateOfChargePercent, "State of charge must be within [0, 100] %.");
        }

        State.OdometerKm += State.Position.DistanceKmTo(position);
        State.Position = position;
        State.SpeedKmh = telemetry.SpeedKmh;
        State.Gear = telemetry.Gear;
        State.StateOfChargePercent = telemetry.StateOfChargePercent ?? State.StateOfChargePercent;
        State.CabinTemperatureC = telemetry.CabinTemperatureC ?? State.CabinTemperatureC;
        if (telemetry.Gear != Gear.Park && State.Charging != ChargingState.Unplugged)
        {
            State.Charging = ChargingState.Unplugged;
        }

        State.LastUpdated = time.GetUtcNow();
        var events = CrossedRadii();
        foreach (var geofenceEvent in events)
        {
            _observers.Notify(o => o.OnGeofence(geofenceEvent));
            if (State.HouseholdId is { } householdId)
            {
                _ = GrainFactory.GetGrain<IHouseholdScenesGrain>(householdId).OnGeofence(geofenceEvent);
            }
        }

        _unsaved = true;
        NotifyChanged();
        return Task.FromResult<IReadOnlyList<GeofenceEvent>>(events);
    }

    public Task Lock() => ChangeAsync(() => State.Locked = true);

    public Task Unlock() => ChangeAsync(() =>
    {
        if (State.SpeedKmh > 0)
        {
            throw new VehicleCommandException($"Cannot unlock {VehicleId} while it drives at {State.SpeedKmh:F0} km/h.");
        }

        State.Locked = false;
    });

    public Task PreconditionCabin(double targetC) => ChangeAsync(() =>
    {
        if (double.IsNaN(targetC) || targetC < Su7Specification.MinCabinTargetC || targetC > Su7Specification.MaxCabinTargetC)
        {
            throw new VehicleCommandException(
                $"Cabin target {targetC} °C is out of range [{Su7Specification.MinCabinTargetC}, {Su7Specification.MaxCabinTargetC}] °C.");
        }

        State.PreconditionTargetC = targetC;
    });

    public Task StopPreconditioning() => ChangeAsync(() => State.PreconditionTargetC = null);

    public Task PlugIn() => ChangeAsync(() =>
    {
        RequireParked("plug in");
        if (State.Charging == ChargingState.Unplugged)
        {
            State.Charging = ChargingState.PluggedIn;
        }
    });

    public Task Unplug() => ChangeAsync(() => State.Charging = ChargingState.Unplugged);

    public Task StartCharging() => ChangeAsync(() =>
    {
        RequireParked("start charging");
        if (State.Charging == ChargingState.Unplugged)
        {
            throw new VehicleCommandException($"Cannot start charging {VehicleId}: it is not plugged in.");
        }

        State.Charging = State.StateOfChargePercent >= 100 ? ChargingState.Complete : ChargingState.Charging;
    });

    public Task StopCharging() => ChangeAsync(() =>
    {
        if (State.Charging == ChargingState.Charging)
        {
            State.Charging = ChargingState.PluggedIn;
        }
    });

    public Task<double> Charge(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Charging time must not be negative.");
        }

        if (State.Charging == ChargingState.Charging)
        {
            State.StateOfChargePercent = Math.Min(100, State.StateOfChargePercent + Su7Specification.PercentForCharging(duration));
            if (State.StateOfChargePercent >= 100)
            {
                State.Charging = ChargingState.Complete;
            }

            _unsaved = true;
            NotifyChanged();
        }

        return Task.FromResult(State.StateOfChargePercent);
    }

    public Task Board(string personId) => ChangeAsync(() =>
    {
        if (!State.Occupants.Contains(personId))
        {
            State.Occupants.Add(personId);
        }
    });

    public Task Alight(string personId) => ChangeAsync(() => State.Occupants.Remove(personId));

    public Task Subscribe(IVehicleObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IVehicleObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _unsaved && storage.Value.WritesOnDeactivation(reason) ? SaveAsync() : Task.CompletedTask;

    private async Task ChangeAsync(Action change)
    {
        change();
        State.LastUpdated = time.GetUtcNow();
        NotifyChanged();
        await SaveAsync();
    }

    /// <summary>Telemetry and charging come often and are written on deactivation; everything else at once.</summary>
    private async Task SaveAsync()
    {
        await car.WriteStateAsync();
        _unsaved = false;
    }

    private void RequireParked(string what)
    {
        if (State.Gear != Gear.Park)
        {
            throw new VehicleCommandException($"Cannot {what} {VehicleId}: it is in {State.Gear}, not Park.");
        }
    }

    private double DistanceToHome() => State.Home is { } home ? State.Position.DistanceKmTo(home) : double.PositiveInfinity;

    private List<GeofenceEvent> CrossedRadii()
    {
        var events = new List<GeofenceEvent>();
        if (State.Home is null)
        {
            return events;
        }

        var distance = DistanceToHome();
        while (State.InsideRadius.Count < State.GeofenceRadiiKm.Count)
        {
            State.InsideRadius.Add(false);
        }

        for (var i = 0; i < State.GeofenceRadiiKm.Count; i++)
        {
            var radius = State.GeofenceRadiiKm[i];
            var inside = distance <= radius;
            if (inside != State.InsideRadius[i])
            {
                State.InsideRadius[i] = inside;
                events.Add(new GeofenceEvent(
                    VehicleId, State.HouseholdId, inside ? GeofenceDirection.Arriving : GeofenceDirection.Leaving, radius, distance, State.LastUpdated));
            }
        }

        return events;
    }

    private bool IsDriving => State.Gear != Gear.Park;

    private bool IsCharging => State.Charging == ChargingState.Charging;

    private void NotifyChanged()
    {
        _totals?.Track(EcosystemTotal.VehiclesDriving, _countedDriving, IsDriving);
        _totals?.Track(EcosystemTotal.VehiclesCharging, _countedCharging, IsCharging);
        (_countedDriving, _countedCharging) = (IsDriving, IsCharging);
        if (_observers.Count > 0)
        {
            var snapshot = Snapshot();
            _observers.Notify(o => o.OnVehicleChanged(snapshot));
        }
    }

    private VehicleSnapshot Snapshot() => new(
        VehicleId,
        State.Model,
        State.HouseholdId,
        State.Position,
        State.Home is null ? null : DistanceToHome(),
        State.SpeedKmh,
        State.Gear,
        State.StateOfChargePercent,
        Su7Specification.RangeKm(State.StateOfChargePercent),
        State.Charging,
        State.Locked,
        State.CabinTemperatureC,
        State.PreconditionTargetC,
        [.. State.Occupants],
        State.OdometerKm,
        State.LastUpdated);
}
