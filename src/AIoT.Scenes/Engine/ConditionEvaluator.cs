using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>Evaluates a condition tree in three values, noting what it needed and did not know.</summary>
public static class ConditionEvaluator
{
    public static Truth Evaluate(SceneCondition? condition, ISceneWorld world, DateTimeOffset now, List<SceneNeed>? needs = null) => condition switch
    {
        null => Truth.True,
        AllCondition all => All(all.Conditions, world, now, needs),
        AnyCondition any => Any(any.Conditions, world, now, needs),
        NotCondition not => Evaluate(not.Condition, world, now, needs) switch
        {
            Truth.True => Truth.False,
            Truth.False => Truth.True,
            _ => Truth.Unknown,
        },
        PropertyCondition p => Property(p, world, needs),
        TimeCondition t => Of(InWindow(t, world.Clock.Local(now), world)),
        ModeCondition m => Of(m.Modes.Contains(world.Mode, StringComparer.OrdinalIgnoreCase)),
        PresenceCondition p => Presence(p, world, needs),
        VehicleCondition v => Vehicle(v, world, needs),
        _ => Truth.Unknown,
    };

    public static bool Compare(SceneValue actual, Comparison comparison, SceneValue expected) => comparison switch
    {
        Comparison.Equals => Same(actual, expected),
        Comparison.NotEquals => !Same(actual, expected),
        _ when actual.Kind != SceneValueKind.Number || expected.Kind != SceneValueKind.Number => false,
        Comparison.Above => actual.Number > expected.Number,
        Comparison.Below => actual.Number < expected.Number,
        Comparison.AtLeast => actual.Number >= expected.Number,
        _ => actual.Number <= expected.Number,
    };

    /// <summary>Equal as a user means it: 1 and 1.0 are the same, and so are true and 1 for a bool a device reports as a number.</summary>
    public static bool Same(SceneValue a, SceneValue b) =>
        a.Kind == SceneValueKind.Text || b.Kind == SceneValueKind.Text
            ? a.Kind == b.Kind && string.Equals(a.Text, b.Text, StringComparison.Ordinal)
            : a.Number.Equals(b.Number);

    private static Truth All(IReadOnlyList<SceneCondition> conditions, ISceneWorld world, DateTimeOffset now, List<SceneNeed>? needs)
    {
        var result = Truth.True;
        foreach (var condition in conditions)
        {
            switch (Evaluate(condition, world, now, needs))
            {
                case Truth.False:
                    return Truth.False;
                case Truth.Unknown:
                    result = Truth.Unknown;
                    break;
            }
        }

        return result;
    }

    private static Truth Any(IReadOnlyList<SceneCondition> conditions, ISceneWorld world, DateTimeOffset now, List<SceneNeed>? needs)
    {
        var result = Truth.False;
        foreach (var condition in conditions)
        {
            switch (Evaluate(condition, world, now, needs))
            {
                case Truth.True:
                    return Truth.True;
                case Truth.Unknown:
                    result = Truth.Unknown;
                    break;
            }
        }

        return result;
    }

    private static Truth Property(PropertyCondition p, ISceneWorld world, List<SceneNeed>? needs)
    {
        if (!world.TryGetProperty(p.Device, p.Property, out var value))
        {
            needs?.Add(new PropertyNeed(p.Device, p.Property));
            return Truth.Unknown;
        }

        return Of(Compare(value, p.Comparison, p.Value));
    }

    private static bool InWindow(TimeCondition t, DateTimeOffset local, ISceneWorld world)
    {
        if (!t.Days.Contains(local.DayOfWeek))
        {
            return false;
        }

        var date = DateOnly.FromDateTime(local.DateTime);
        var after = t.After is { } a ? world.Clock.On(date, a) : null;
        var before = t.Before is { } b ? world.Clock.On(date, b) : null;
        return (after, before) switch
        {
            (null, null) => true,
            ({ } from, null) => local >= from,
            (null, { } until) => local < until,
            ({ } from, { } until) when from <= until => local >= from && local < until,
            ({ } from, { } until) => local >= from || local < until,
        };
    }

    private static Truth Presence(PresenceCondition p, ISceneWorld world, List<SceneNeed>? needs)
    {
        IEnumerable<string> people = p.Person is PresenceCondition.Anyone or PresenceCondition.Everyone ? world.Members : [p.Person];
        var known = new List<Whereabouts>();
        foreach (var person in people)
        {
            if (world.WhereIs(person) is { } where)
            {
                known.Add(where);
            }
            else
            {
                needs?.Add(new PersonNeed(person));
            }
        }

        var unknown = known.Count < people.Count();
        bool Holds(Whereabouts w) => p.Is switch
        {
            PresenceTest.Home => w == Whereabouts.Home,
            PresenceTest.NotHome => w != Whereabouts.Home,
            PresenceTest.Away => w == Whereabouts.Away,
            _ => w == Whereabouts.InVehicle,
        };

        if (p.Person == PresenceCondition.Anyone)
        {
            return known.Any(Holds) ? Truth.True : unknown ? Truth.Unknown : Truth.False;
        }

        return known.Any(w => !Holds(w)) ? Truth.False : unknown ? Truth.Unknown : Truth.True;
    }

    private static Truth Vehicle(VehicleCondition v, ISceneWorld world, List<SceneNeed>? needs)
    {
        if (world.FindVehicle(v.Vehicle) is not { } car)
        {
            needs?.Add(new VehicleNeed(v.Vehicle));
            return Truth.Unknown;
        }

        var state = (v.Charging is null || v.Charging == car.Charging)
            && (v.Locked is null || v.Locked == car.Locked)
            && (v.Driving is null || v.Driving == car.Driving)
            && (v.ChargeBelowPercent is null || car.ChargePercent < v.ChargeBelowPercent)
            && (v.ChargeAbovePercent is null || car.ChargePercent > v.ChargeAbovePercent);
        if (!state || (v.WithinKm is null && v.BeyondKm is null))
        {
            return Of(state);
        }

        // No distance (the household has no home location): the car is neither near nor far.
        return car.DistanceToHomeKm is not { } distance ? Truth.Unknown
            : Of((v.WithinKm is null || distance <= v.WithinKm) && (v.BeyondKm is null || distance > v.BeyondKm));
    }

    private static Truth Of(bool value) => value ? Truth.True : Truth.False;
}
