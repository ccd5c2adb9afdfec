using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Simulation.Behaviour;

namespace AIoT.Ecosystem.Simulation.Households;

/// <summary>
/// The devices of one home reacting to its people and its climate: AC and rooms, purifier and PM2.5, the vacuum's
/// cycle, lights, the door lock and sensors when people come and go, phones and bands, the car charger.
/// Each device reports a property when it changes, and slow readings every few minutes, like real devices.
/// </summary>
internal sealed class HomeDevicesBehaviour
{
    private static readonly TimeSpan ReadingEvery = TimeSpan.FromMinutes(5);

    private readonly IReadOnlyList<SimulatedDevice> _devices;
    private readonly Random _random;
    private readonly Dictionary<string, double> _roomTemperature = [];
    private readonly Dictionary<string, double> _roomPm25 = [];
    private readonly Dictionary<string, PropertyValue> _last = [];
    private readonly double _outdoorMeanC;
    private readonly double _outdoorPm25;
    private VacuumCycle _vacuum = VacuumCycle.Docked();
    private bool _online;

    public HomeDevicesBehaviour(IReadOnlyList<SimulatedDevice> devices, Random random)
    {
        _devices = devices;
        _random = random;
        _outdoorMeanC = 18 + (random.NextDouble() * 12);
        _outdoorPm25 = 15 + (random.NextDouble() * 120);
        foreach (var room in devices.Select(d => d.Room).Distinct())
        {
            _roomTemperature[room] = Math.Round(22 + (random.NextDouble() * 6), 2);
            _roomPm25[room] = Math.Round(_outdoorPm25 * 0.6, 1);
        }
    }

    public void Step(HomeSnapshot home, List<SimulationEffect> effects)
    {
        if (!_online)
        {
            _online = true;
            effects.AddRange(_devices.Select(d => new DeviceCameOnline(home.Now, d.DeviceId)));
        }

        var reading = home.Now.Minute % ReadingEvery.Minutes == 0;
        var outdoorC = RoomClimate.OutdoorC(home.Now, _outdoorMeanC, 5);
        foreach (var device in _devices)
        {
            var writes = new List<PropertyWrite>();
            switch (device.Model)
            {
                case "xiaomi.aircondition.ma2":
                    AirConditioner(device, home, outdoorC, reading, writes);
                    break;
                case "lumi.sensor_ht.v1":
                    if (reading)
                    {
                        writes.Add(new("environment.temperature", PropertyValue.Of(_roomTemperature[device.Room])));
                        writes.Add(new("environment.relative-humidity", PropertyValue.Of(Math.Round(45 + (_random.NextDouble() * 10), 2))));
                    }

                    break;
                case "zhimi.airp.mb3":
                    Purifier(device, home, reading, writes);
                    break;
                case "dreame.vacuum.p2008":
                    Vacuum(home, reading, writes);
                    break;
                case "yeelink.light.ceiling22":
                    var (on, brightness) = Lighting.Decide(LitRoom(device.Room, home), home.EveryoneAsleep, home.Now);
                    Changed(device, "light.on", PropertyValue.Of(on), writes);
                    if (on)
                    {
                        Changed(device, "light.brightness", PropertyValue.Of(brightness), writes);
                    }

                    break;
                case "lumi.lock.bacn01":
                    Lock(device, home, effects);
                    break;
                case "lumi.sensor_magnet.v2":
                    if (home.Arrived.Count + home.Left.Count > 0)
                    {
                        effects.Add(new DeviceEventRaised(home.Now, device.DeviceId, "magnet-sensor.opened", []));
                        effects.Add(new DeviceEventRaised(home.Now, device.DeviceId, "magnet-sensor.closed", []));
                    }

                    break;
                case "lumi.sensor_motion.v2":
                    if ((home.AnyoneAwakeAtHome && _random.NextDouble() < 0.3) || home.Arrived.Count > 0)
                    {
                        effects.Add(new DeviceEventRaised(home.Now, device.DeviceId, "motion-sensor.motion-detected", [PropertyValue.Of((long)(Lighting.IsDark(home.Now) ? 5 : 400))]));
                    }

                    break;
                case "xiaomi.phone.p14":
                    Changed(device, "presence.at-home", PropertyValue.Of(home.Locations.GetValueOrDefault(device.OwnerPersonId ?? "") == PersonLocation.Home), writes);
                    break;
                case "xiaomi.band.m8":
                    Band(device, home, reading, writes);
                    break;
                case "xiaomi.evcharger.hc01":
                    var charging = home.ChargingVehicles.Count > 0;
                    Changed(device, "charger.status", PropertyValue.Of(charging ? 2 : 0), writes);
                    Changed(device, "charger.electric-power", PropertyValue.Of(charging ? 7000.0 : 0.0), writes);
                    break;
            }

            if (writes.Count > 0)
            {
                effects.Add(new DeviceReported(home.Now, device.DeviceId, writes));
            }
        }
    }

    private static bool LitRoom(string room, HomeSnapshot home) =>
        room.StartsWith("bedroom", StringComparison.Ordinal)
            ? home.AnyoneAwakeAtHome && home.Now.TimeOfDay >= TimeSpan.FromHours(21)
            : home.AnyoneAwakeAtHome;

    private void AirConditioner(SimulatedDevice device, HomeSnapshot home, double outdoorC, bool reading, List<PropertyWrite> writes)
    {
        var wasOn = _last.GetValueOrDefault($"{device.DeviceId}/air-conditioner.on") is { Kind: PropertyValueKind.Bool } v && v.AsBool();
        var room = _roomTemperature[device.Room];
        var on = home.AnyoneHome && (wasOn ? room > 23.5 || outdoorC > 27 : room > 27);
        Changed(device, "air-conditioner.on", PropertyValue.Of(on), writes);
        if (on)
        {
            Changed(device, "air-conditioner.mode", PropertyValue.Of(1), writes);
            Changed(device, "air-conditioner.target-temperature", PropertyValue.Of(24.0), writes);
        }

        _roomTemperature[device.Room] = RoomClimate.Step(room, outdoorC, on ? 24 : null, home.Step, _random);
        if (reading)
        {
            writes.Add(new("environment.temperature", PropertyValue.Of(Math.Round(_roomTemperature[device.Room], 1))));
        }
    }

    private void Purifier(SimulatedDevice device, HomeSnapshot home, bool reading, List<PropertyWrite> writes)
    {
        var wasOn = _last.GetValueOrDefault($"{device.DeviceId}/air-purifier.on") is { Kind: PropertyValueKind.Bool } v && v.AsBool();
        var pm = _roomPm25[device.Room];
        var on = wasOn ? pm > 12 : pm > 35;
        Changed(device, "air-purifier.on", PropertyValue.Of(on), writes);
        Changed(device, "air-purifier.mode", PropertyValue.Of(home.EveryoneAsleep ? 1 : 0), writes);
        _roomPm25[device.Room] = AirPurification.Step(pm, _outdoorPm25, on, home.EveryoneAsleep ? 1 : 0, 45, home.Step, _random);
        if (reading)
        {
            writes.Add(new("environment.pm2-5-density", PropertyValue.Of(Math.Round(Math.Min(600, _roomPm25[device.Room])))));
        }
    }

    private void Vacuum(HomeSnapshot home, bool reading, List<PropertyWrite> writes)
    {
        if (_vacuum.Status == VacuumStatus.Docked && !home.AnyoneHome && home.Now.TimeOfDay.Hours == 10 && home.Now.Minute == 0)
        {
            _vacuum = _vacuum.Start(areaM2: 60);
        }

        var before = _vacuum.Status;
        _vacuum = _vacuum.Step(home.Step);
        if (before != _vacuum.Status || reading)
        {
            writes.Add(new("vacuum.status", PropertyValue.Of(_vacuum.Status switch
            {
                VacuumStatus.Cleaning => 1L,
                VacuumStatus.Returning => 5L,
                VacuumStatus.Charging => 6L,
                _ => 2L,
            })));
            writes.Add(new("battery.battery-level", PropertyValue.Of((long)Math.Round(_vacuum.BatteryPercent))));
        }
    }

    private void Lock(SimulatedDevice device, HomeSnapshot home, List<SimulationEffect> effects)
    {
        foreach (var person in home.Arrived)
        {
            var operatorId = PropertyValue.Of((long)(HouseholdSimulator.StableHash(person) & 0xFFFF));
            effects.Add(new DeviceEventRaised(home.Now, device.DeviceId, "lock.unlocked", [PropertyValue.Of(3), operatorId]));
            effects.Add(new DeviceEventRaised(home.Now, device.DeviceId, "lock.locked", [operatorId]));
        }

        if (home.Left.Count > 0)
        {
            effects.Add(new DeviceEventRaised(home.Now, device.DeviceId, "lock.locked", [PropertyValue.Of((long)(HouseholdSimulator.StableHash(home.Left[0]) & 0xFFFF))]));
        }
    }

    private void Band(SimulatedDevice device, HomeSnapshot home, bool reading, List<PropertyWrite> writes)
    {
        var owner = device.OwnerPersonId ?? "";
        var sleep = home.Sleep.GetValueOrDefault(owner);
        Changed(device, "health.sleep-state", PropertyValue.Of(sleep switch
        {
            SleepState.LightSleep => 1L,
            SleepState.DeepSleep => 2L,
            SleepState.Rem => 3L,
            _ => 0L,
        }), writes);
        if (reading)
        {
            var baseRate = sleep == SleepState.Awake ? (home.Locations.GetValueOrDefault(owner) == PersonLocation.InVehicle ? 88 : 74) : 58;
            writes.Add(new("health.heart-rate", PropertyValue.Of((long)(baseRate + _random.Next(-5, 6)))));
        }
    }

    private void Changed(SimulatedDevice device, string alias, PropertyValue value, List<PropertyWrite> writes)
    {
        var key = $"{device.DeviceId}/{alias}";
        if (!_last.TryGetValue(key, out var previous) || previous != value)
        {
            _last[key] = value;
            writes.Add(new PropertyWrite(alias, value));
        }
    }
}
