using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Vehicles;
using AIoT.Ecosystem.Runtime;
using AIoT.Ecosystem.Totals;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace AIoT.Ecosystem.People;

[GrainType(EcosystemGrainTypes.Person)]
public sealed class PersonGrain(
    [PersistentState(EcosystemGrainTypes.StateName)] IPersistentState<PersonState> person,
    TimeProvider time,
    IServiceProvider services) : Grain, IPersonGrain
{
    private readonly TotalsReporter? _totals = services.GetService<TotalsReporter>();
    private PersonLocation? _reportedLocation;

    private PersonState State => person.State;

    private string PersonId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _reportedLocation = State.Location;
        return Task.CompletedTask;
    }

    public Task<PersonSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task JoinHousehold(string householdId, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(householdId);
        if (State.HouseholdId is not null && State.HouseholdId != householdId)
        {
            throw new InvalidOperationException($"Person {PersonId} already belongs to household {State.HouseholdId}.");
        }

        if (State.HouseholdId is null)
        {
            _totals?.Track(EcosystemTotal.PeopleAtHome, false, State.Location == PersonLocation.Home);
        }

        State.HouseholdId = householdId;
        State.Name = name;
        return SaveAsync();
    }

    public Task SetProfile(PersonProfile profile)
    {
        if (profile.Age is < 0 or > 130)
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile.Age, "Age must be within [0, 130].");
        }

        State.Profile = profile;
        return person.WriteStateAsync();
    }

    public async Task ArriveHome()
    {
        await LeaveVehicleIfInOne();
        State.Location = PersonLocation.Home;
        State.PhoneAtHome = true;
        await SaveAsync();
    }

    public async Task LeaveHome()
    {
        await LeaveVehicleIfInOne();
        State.Location = PersonLocation.Away;
        State.PhoneAtHome = false;
        State.Sleep = SleepState.Awake;
        await SaveAsync();
    }

    public async Task EnterVehicle(string vehicleId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vehicleId);
        if (State.VehicleId == vehicleId)
        {
            return;
        }

        await LeaveVehicleIfInOne();
        await GrainFactory.GetGrain<IVehicleGrain>(vehicleId).Board(PersonId);
        State.VehicleId = vehicleId;
        State.Location = PersonLocation.InVehicle;
        State.PhoneAtHome = false;
        State.Sleep = SleepState.Awake;
        await SaveAsync();
    }

    public async Task ExitVehicle(bool atHome)
    {
        await LeaveVehicleIfInOne();
        State.Location = atHome ? PersonLocation.Home : PersonLocation.Away;
        State.PhoneAtHome = atHome;
        await SaveAsync();
    }

    public Task SetBandWorn(bool worn)
    {
        State.BandWorn = worn;
        return SaveAsync();
    }

    public Task SetSleep(SleepState sleep)
    {
        if (sleep != SleepState.Awake && State.Location != PersonLocation.Home)
        {
            throw new InvalidOperationException($"Person {PersonId} is {State.Location}; only people at home are tracked asleep.");
        }

        State.Sleep = sleep;
        return SaveAsync();
    }

    private async Task LeaveVehicleIfInOne()
    {
        if (State.VehicleId is { } vehicleId)
        {
            await GrainFactory.GetGrain<IVehicleGrain>(vehicleId).Alight(PersonId);
            State.VehicleId = null;
        }
    }

    private Task SaveAsync()
    {
        State.LastChanged = time.GetUtcNow();
        if (State.Location != _reportedLocation && State.HouseholdId is { } householdId)
        {
            _totals?.Track(EcosystemTotal.PeopleAtHome, _reportedLocation == PersonLocation.Home, State.Location == PersonLocation.Home);
            // One-way: the household's scenes react to arrivals and departures; a person never waits on them.
            _ = GrainFactory.GetGrain<IHouseholdScenesGrain>(householdId).OnPresence(PersonId, _reportedLocation ?? PersonLocation.Home, State.Location);
        }

        _reportedLocation = State.Location;
        return person.WriteStateAsync();
    }

    private PersonSnapshot Snapshot() => new(
        PersonId, State.HouseholdId, State.Name, State.Location, State.VehicleId, State.PhoneAtHome, State.BandWorn, State.Sleep, State.LastChanged, State.Profile);
}
