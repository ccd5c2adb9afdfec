using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;

namespace AIoT.Ecosystem.Population;

/// <summary>Creates the twins of a planned household: the home, its members, cars, chargers and devices.</summary>
public sealed class PopulationSeeder(IGrainFactory grains)
{
    /// <summary>
    /// Creates what is missing; a household that already exists is left as it is, so seeding again is harmless.
    /// With <paramref name="withScenes"/>, a new household also gets every scene suggested for it.
    /// </summary>
    public async Task<bool> SeedAsync(HouseholdPlan plan, bool withScenes = false)
    {
        var household = grains.GetGrain<IHouseholdGrain>(plan.HouseholdId);
        if ((await household.GetSnapshot()).Home is not null)
        {
            return false;
        }

        await household.Create(new HouseholdSetup(plan.Name, plan.Home, plan.Rooms, plan.City));
        foreach (var member in plan.Members)
        {
            await household.AddMember(member.PersonId, member.Name);
            await grains.GetGrain<IPersonGrain>(member.PersonId).SetProfile(
                new PersonProfile(member.Age, member.LeaveHomeAt, member.LeaveWorkAt, member.BedTime, member.WakeTime, member.DrivesVehicleId));
        }

        foreach (var vehicle in plan.Vehicles)
        {
            await household.AddVehicle(vehicle.VehicleId);
        }

        foreach (var device in plan.Devices)
        {
            await grains.GetGrain<IDeviceGrain>(device.DeviceId).Provision(new DeviceRegistration(device.Model, plan.HouseholdId, device.Room, device.Name));
            if (device.Model == DeviceMix.Charger)
            {
                await household.AddCharger(device.DeviceId, device.Room);
            }
            else
            {
                await household.AddDevices([new HouseholdDeviceEntry(device.DeviceId, device.Model, device.Room, device.Name, device.OwnerPersonId)]);
            }
        }

        if (withScenes)
        {
            var scenes = grains.GetGrain<IHouseholdScenesGrain>(plan.HouseholdId);
            var saved = await scenes.SaveScenes([.. (await scenes.SuggestScenes()).Select(s => s.Suggestion.Scene)]);
            if (!saved.AreSaved)
            {
                throw new InvalidOperationException(
                    $"Household {plan.HouseholdId}: suggested scenes are refused: {string.Join("; ", saved.Results.SelectMany(r => r.Problems))}");
            }
        }

        return true;
    }
}
