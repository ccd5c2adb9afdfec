using Orleans.Concurrency;

namespace AIoT.Ecosystem.People;

/// <summary>A member of a household, keyed by person id.</summary>
public interface IPersonGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<PersonSnapshot> GetSnapshot();

    Task JoinHousehold(string householdId, string name);

    Task SetProfile(PersonProfile profile);

    Task ArriveHome();

    Task LeaveHome();

    /// <summary>Gets into a vehicle: the person's location and the vehicle's occupants change together.</summary>
    Task EnterVehicle(string vehicleId);

    /// <summary>Gets out, at home or away.</summary>
    Task ExitVehicle(bool atHome);

    Task SetBandWorn(bool worn);

    Task SetSleep(SleepState sleep);
}
