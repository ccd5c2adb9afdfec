using System.Collections.Concurrent;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Diagnostics;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Simulation.Households;

/// <summary>Turns simulation effects into calls on the twins, in the order the simulation produced them.</summary>
public sealed class SimulationEffectApplier(IGrainFactory grains)
{
    public async Task ApplyAsync(IEnumerable<SimulationEffect> effects)
    {
        foreach (var effect in effects)
        {
            await ApplyAsync(effect);
            EcosystemTelemetry.SimulationEffects.Add(1, EcosystemTelemetry.Tag("kind", KindOf(effect)));
        }
    }

    private static readonly ConcurrentDictionary<Type, string> Kinds = new();

    /// <summary>The effect's type as a metric tag: PersonMoved is person_moved.</summary>
    private static string KindOf(SimulationEffect effect) => Kinds.GetOrAdd(effect.GetType(), type =>
        string.Concat(type.Name.Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString())));

    public Task ApplyAsync(SimulationEffect effect) => effect switch
    {
        PersonMoved { To: PersonLocation.InVehicle } moved => Person(moved.PersonId).EnterVehicle(moved.VehicleId!),
        PersonMoved { To: PersonLocation.Home } moved => Person(moved.PersonId).ArriveHome(),
        PersonMoved moved => LeaveAsync(moved.PersonId),
        PersonSlept slept => Person(slept.PersonId).SetSleep(slept.Sleep),
        VehicleMoved moved => Vehicle(moved.VehicleId).ReportTelemetry(moved.Telemetry),
        VehicleChargingChanged { Charging: true } changed => StartChargingAsync(changed.VehicleId),
        VehicleChargingChanged changed => Vehicle(changed.VehicleId).StopCharging(),
        VehicleCharged charged => Vehicle(charged.VehicleId).Charge(charged.Duration),
        DeviceCameOnline online => Device(online.DeviceId).SetOnline(true),
        DeviceReported reported => ReportAsync(reported),
        DeviceEventRaised raised => Device(raised.DeviceId).RaiseEvent(raised.EventKey, raised.Arguments),
        _ => throw new ArgumentException($"No twin knows what to do with {effect.GetType().Name}.", nameof(effect)),
    };

    private async Task LeaveAsync(string personId)
    {
        var person = Person(personId);
        if ((await person.GetSnapshot()).Location == PersonLocation.InVehicle)
        {
            await person.ExitVehicle(atHome: false);
        }
        else
        {
            await person.LeaveHome();
        }
    }

    private async Task StartChargingAsync(string vehicleId)
    {
        var vehicle = Vehicle(vehicleId);
        await vehicle.PlugIn();
        await vehicle.StartCharging();
    }

    private async Task ReportAsync(DeviceReported reported)
    {
        var refused = (await Device(reported.DeviceId).ReportProperties(reported.Properties)).Where(r => !r.IsOk).ToList();
        if (refused.Count > 0)
        {
            throw new InvalidOperationException($"The simulation reported values {reported.DeviceId} refuses: {string.Join("; ", refused.Select(r => r.Error))}");
        }
    }

    private IDeviceGrain Device(string id) => grains.GetGrain<IDeviceGrain>(id);

    private IPersonGrain Person(string id) => grains.GetGrain<IPersonGrain>(id);

    private IVehicleGrain Vehicle(string id) => grains.GetGrain<IVehicleGrain>(id);
}
