using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Simulation.Behaviour;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Simulation.Households;

/// <summary>
/// The behaviour of one household's people and cars, as a pure model: the same members, seed and steps give the same
/// effects. Commuters drive to work and back on weekdays; cars lose charge driving and charge at home when low; people
/// sleep at night.
/// </summary>
public sealed class HouseholdSimulator
{
    /// <summary>A car below this state of charge is plugged in when it gets home.</summary>
    public const double ChargeBelowPercent = 60;

    private readonly Random _random;
    private readonly Dictionary<string, MemberState> _members;
    private readonly Dictionary<string, VehicleModelState> _vehicles = [];
    private readonly HomeDevicesBehaviour _devices;

    public HouseholdSimulator(
        string householdId,
        IReadOnlyList<SimulatedMember> members,
        int seed,
        IReadOnlyDictionary<string, double>? initialStateOfCharge = null,
        IReadOnlyList<SimulatedDevice>? devices = null)
    {
        HouseholdId = householdId;
        _random = new Random(unchecked((seed * 486187739) ^ StableHash(householdId)));
        _devices = new HomeDevicesBehaviour(devices ?? [], _random);
        _members = members.ToDictionary(m => m.PersonId, m => new MemberState(m));
        foreach (var vehicleId in members.Select(m => m.VehicleId).OfType<string>().Distinct())
        {
            _vehicles[vehicleId] = new VehicleModelState { StateOfChargePercent = initialStateOfCharge?.GetValueOrDefault(vehicleId, 80) ?? 80 };
        }
    }

    public string HouseholdId { get; }

    public IReadOnlyList<SimulationEffect> Step(DateTimeOffset now, TimeSpan dt)
    {
        var effects = new List<SimulationEffect>();
        foreach (var member in _members.Values)
        {
            StepMember(member, now, dt, effects);
        }

        var moves = effects.OfType<PersonMoved>().ToList();
        var home = new HomeSnapshot(
            now,
            dt,
            _members.ToDictionary(m => m.Key, m => m.Value.Location),
            _members.ToDictionary(m => m.Key, m => m.Value.Sleep),
            [.. moves.Where(m => m.To == PersonLocation.Home).Select(m => m.PersonId)],
            [.. moves.Where(m => m.To != PersonLocation.Home && !_members[m.PersonId].WasAwayBefore).Select(m => m.PersonId)],
            _vehicles.Where(v => v.Value.Charging).Select(v => v.Key).ToHashSet());
        foreach (var member in _members.Values)
        {
            member.WasAwayBefore = member.Location != PersonLocation.Home;
        }

        _devices.Step(home, effects);
        foreach (var (vehicleId, vehicle) in _vehicles)
        {
            if (vehicle.Charging)
            {
                vehicle.StateOfChargePercent = Math.Min(100, vehicle.StateOfChargePercent + Su7Specification.PercentForCharging(dt));
                effects.Add(new VehicleCharged(now, vehicleId, dt));
                if (vehicle.StateOfChargePercent >= 100)
                {
                    vehicle.Charging = false;
                    effects.Add(new VehicleChargingChanged(now, vehicleId, false));
                }
            }
        }

        return effects;
    }

    public double StateOfCharge(string vehicleId) => _vehicles[vehicleId].StateOfChargePercent;

    private void StepMember(MemberState member, DateTimeOffset now, TimeSpan dt, List<SimulationEffect> effects)
    {
        var plan = member.Plan;
        var vehicle = plan.VehicleId is { } id ? _vehicles[id] : null;
        if (vehicle is not null && member.Commute.Phase == CommutePhase.AtHome && vehicle.Charging && IsLeaving(plan.Commute, member.Commute, now))
        {
            vehicle.Charging = false;
            effects.Add(new VehicleChargingChanged(now, plan.VehicleId!, false));
        }

        var step = Commute.Step(plan.Commute, member.Commute, now, dt, _random);
        member.Commute = step.State;
        var arrived = step.Transition is CommuteTransition.ArrivedHome or CommuteTransition.ArrivedAtWork;
        if (!arrived)
        {
            AddTransitionEffects(member, vehicle, step.Transition, now, effects);
        }

        if (vehicle is not null && (step.KmDriven > 0 || step.Transition != CommuteTransition.None))
        {
            vehicle.StateOfChargePercent = Math.Max(0, vehicle.StateOfChargePercent - Su7Specification.PercentForKm(step.KmDriven));
            effects.Add(new VehicleMoved(now, plan.VehicleId!, new VehicleTelemetry(step.Position, step.SpeedKmh, step.Gear, Math.Round(vehicle.StateOfChargePercent, 2))));
        }

        // On arrival the car parks first, then people get out and it is plugged in.
        if (arrived)
        {
            AddTransitionEffects(member, vehicle, step.Transition, now, effects);
        }

        if (member.Commute.Phase == CommutePhase.AtHome)
        {
            var asleep = IsNight(now.TimeOfDay, plan.BedTime, plan.WakeTime);
            if (asleep && member.Sleep == SleepState.Awake)
            {
                member.Sleep = SleepState.LightSleep;
                effects.Add(new PersonSlept(now, plan.PersonId, member.Sleep));
            }
            else if (!asleep && member.Sleep != SleepState.Awake)
            {
                WakeIfAsleep(member, now, effects);
            }
            else if (asleep && _random.NextDouble() < 0.02)
            {
                member.Sleep = member.Sleep == SleepState.DeepSleep ? SleepState.LightSleep : SleepState.DeepSleep;
                effects.Add(new PersonSlept(now, plan.PersonId, member.Sleep));
            }
        }
    }

    private static void AddTransitionEffects(MemberState member, VehicleModelState? vehicle, CommuteTransition transition, DateTimeOffset now, List<SimulationEffect> effects)
    {
        var plan = member.Plan;
        switch (transition)
        {
            case CommuteTransition.LeftHome:
            case CommuteTransition.LeftWork:
                WakeIfAsleep(member, now, effects);
                member.Location = plan.VehicleId is null ? PersonLocation.Away : PersonLocation.InVehicle;
                effects.Add(new PersonMoved(now, plan.PersonId, member.Location, plan.VehicleId));
                break;
            case CommuteTransition.ArrivedAtWork:
                member.Location = PersonLocation.Away;
                effects.Add(new PersonMoved(now, plan.PersonId, PersonLocation.Away, null));
                break;
            case CommuteTransition.ArrivedHome:
                member.Location = PersonLocation.Home;
                effects.Add(new PersonMoved(now, plan.PersonId, PersonLocation.Home, null));
                if (vehicle is not null && vehicle.StateOfChargePercent < ChargeBelowPercent)
                {
                    vehicle.Charging = true;
                    effects.Add(new VehicleChargingChanged(now, plan.VehicleId!, true));
                }

                break;
        }
    }

    private static bool IsLeaving(CommutePlan plan, CommuteState state, DateTimeOffset now) =>
        state.Phase == CommutePhase.AtHome && now.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday
        && now.TimeOfDay >= plan.LeaveHomeAt && now.TimeOfDay < plan.LeaveWorkAt;

    private static void WakeIfAsleep(MemberState member, DateTimeOffset now, List<SimulationEffect> effects)
    {
        if (member.Sleep != SleepState.Awake)
        {
            member.Sleep = SleepState.Awake;
            effects.Add(new PersonSlept(now, member.Plan.PersonId, SleepState.Awake));
        }
    }

    private static bool IsNight(TimeSpan time, TimeSpan bed, TimeSpan wake) =>
        bed > wake ? time >= bed || time < wake : time >= bed && time < wake;

    /// <summary>string.GetHashCode and HashCode are randomized per process; reproducibility needs a fixed hash.</summary>
    internal static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }

    private sealed class MemberState(SimulatedMember plan)
    {
        public SimulatedMember Plan { get; } = plan;

        public CommuteState Commute { get; set; } = CommuteState.Home;

        public PersonLocation Location { get; set; } = PersonLocation.Home;

        /// <summary>Away at the start of this step: leaving work is not leaving home.</summary>
        public bool WasAwayBefore { get; set; }

        public SleepState Sleep { get; set; } = SleepState.Awake;
    }

    private sealed class VehicleModelState
    {
        public double StateOfChargePercent { get; set; }

        public bool Charging { get; set; }
    }
}
