using AIoT.Ecosystem.Simulation.Households;

namespace AIoT.Ecosystem.Population;

/// <summary>
/// Generates households from a seed. Each household draws from its own random stream (seed and index), so the same
/// seed always gives the same homes, any slice can be generated alone, and a million homes stream without being held.
/// </summary>
public static class PopulationGenerator
{
    public static IEnumerable<HouseholdPlan> Generate(int seed, int count, int firstIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        for (var index = firstIndex; index < firstIndex + count; index++)
        {
            yield return GenerateOne(seed, index);
        }
    }

    public static HouseholdPlan GenerateOne(int seed, int index)
    {
        var random = new Random(unchecked((seed * 486187739) ^ HouseholdSimulator.StableHash(index.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var id = $"hh-{index:D7}";
        var (city, center) = Cities.All[random.Next(Cities.All.Count)];
        var home = center.Offset(random.NextDouble() * 15, random.NextDouble() * 360);
        var family = Cities.FamilyNames[random.Next(Cities.FamilyNames.Count)];

        var memberCount = Pick(random, DeviceMix.MemberCountShares) + 1;
        var vehicleCount = Pick(random, DeviceMix.VehicleCountShares);
        var bedrooms = Math.Clamp(memberCount - 1, 1, 3);
        var rooms = new List<string> { "living-room", "kitchen", "bathroom" };
        rooms.AddRange(Enumerable.Range(1, bedrooms).Select(b => $"bedroom-{b}"));
        if (random.NextDouble() < 0.6)
        {
            rooms.Add("balcony");
        }

        if (random.NextDouble() < 0.3)
        {
            rooms.Add("study");
        }

        if (vehicleCount > 0)
        {
            rooms.Add("garage");
        }

        var vehicles = Enumerable.Range(1, vehicleCount)
            .Select(v => new VehiclePlan($"{id}-su7-{v}", Math.Round(35 + (random.NextDouble() * 60), 1)))
            .ToList();

        // Ages come from a stream of their own, so adding them changed nothing else a seed gives.
        var ages = new Random(unchecked((seed * 486187739) ^ HouseholdSimulator.StableHash($"{id}/ages")));
        var members = new List<PersonPlan>();
        for (var m = 1; m <= memberCount; m++)
        {
            var work = home.Offset(3 + (random.NextDouble() * 22), random.NextDouble() * 360);
            members.Add(new PersonPlan(
                $"{id}-p{m}",
                $"{family} {Cities.GivenNames[random.Next(Cities.GivenNames.Count)]}",
                work,
                TimeSpan.FromMinutes(7 * 60 + random.Next(0, 91)),
                TimeSpan.FromMinutes(17 * 60 + random.Next(0, 121)),
                TimeSpan.FromMinutes(22 * 60 + random.Next(0, 91)),
                TimeSpan.FromMinutes(6 * 60 + random.Next(0, 91)),
                m <= vehicles.Count ? vehicles[m - 1].VehicleId : null,
                AgeOf(ages, m)));
        }

        var devices = new List<DevicePlan>();
        void Add(string model, string room, string name, string? owner = null) =>
            devices.Add(new DevicePlan($"{id}-d{devices.Count + 1}", model, room, name, owner));

        Add(DeviceMix.Hub, "living-room", "Gateway");
        foreach (var room in rooms.Where(r => r is not "garage" and not "balcony"))
        {
            Add(DeviceMix.Light, room, $"{room} light");
        }

        foreach (var bedroom in rooms.Where(r => r.StartsWith("bedroom", StringComparison.Ordinal)).Prepend("living-room"))
        {
            if (random.NextDouble() < DeviceMix.AirConditionerPerBedroom)
            {
                Add(DeviceMix.AirConditioner, bedroom, $"{bedroom} AC");
            }
        }

        var hasLeakSensor = false;
        foreach (var (model, share, room, name) in DeviceMix.Optional)
        {
            if (random.NextDouble() < share)
            {
                Add(model, room == "bedroom" ? "bedroom-1" : room, name);
                hasLeakSensor |= model == "lumi.flood.agl02";
            }
        }

        if (hasLeakSensor && random.NextDouble() < DeviceMix.ValveWithLeakSensor)
        {
            Add("lumi.valve.agl001", "bathroom", "Water valve");
        }

        foreach (var member in members)
        {
            Add(DeviceMix.Phone, "living-room", $"{member.Name}'s phone", member.PersonId);
            if (random.NextDouble() < DeviceMix.BandPerMember)
            {
                Add(DeviceMix.Band, "bedroom-1", $"{member.Name}'s band", member.PersonId);
            }
        }

        foreach (var vehicle in vehicles)
        {
            Add(DeviceMix.Charger, "garage", $"Charger for {vehicle.VehicleId}");
        }

        return new HouseholdPlan(id, $"{family} family", city, home, rooms, members, devices, vehicles);
    }

    /// <summary>The first two members are adults; later ones children or, one time in four, grandparents.</summary>
    private static int AgeOf(Random random, int member) => member <= 2
        ? 25 + random.Next(0, 36)
        : random.NextDouble() < 0.25 ? 65 + random.Next(0, 16) : 3 + random.Next(0, 15);

    private static int Pick(Random random, double[] shares)
    {
        var roll = random.NextDouble();
        for (var i = 0; i < shares.Length; i++)
        {
            roll -= shares[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return shares.Length - 1;
    }
}
