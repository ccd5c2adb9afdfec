using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>Whether a change is what a trigger waits for.</summary>
public static class TriggerMatch
{
    /// <summary>The state a 'for' waits in: what the trigger waits for, and away from "from" when it names one.</summary>
    public static bool Holds(PropertyTrigger trigger, SceneValue value) =>
        (trigger.From is not { } from || !ConditionEvaluator.Same(value, from)) && Reached(trigger, value);

    /// <summary>The state a property trigger waits for: the value to reach, the range to enter. Any value when it names neither.</summary>
    private static bool Reached(PropertyTrigger trigger, SceneValue value) =>
        (trigger.To is not { } to || ConditionEvaluator.Same(value, to))
        && (trigger.Above is not { } above || (value.Kind == SceneValueKind.Number && value.Number > above))
        && (trigger.Below is not { } below || (value.Kind == SceneValueKind.Number && value.Number < below));

    /// <summary>The change makes the trigger fire: it leaves "from" (when given) and enters what the trigger waits for, from outside it.</summary>
    public static bool Fires(PropertyTrigger trigger, PropertyChange change)
    {
        if (change.Old is { } old && ConditionEvaluator.Same(old, change.New))
        {
            return false;
        }

        if (trigger.From is { } from && (change.Old is not { } before || !ConditionEvaluator.Same(before, from)))
        {
            return false;
        }

        if (!Reached(trigger, change.New))
        {
            return false;
        }

        var waitsForState = trigger.To is not null || trigger.Above is not null || trigger.Below is not null;
        return !waitsForState || change.Old is not { } previous || !Reached(trigger, previous);
    }

    public static bool Fires(EventTrigger trigger, IReadOnlyList<(string Key, SceneValue Value)> arguments) =>
        trigger.Arguments.All(match => arguments.Any(a => a.Key == match.Property && ConditionEvaluator.Same(a.Value, match.Value)));

    public static bool Fires(PresenceTrigger trigger, string personId, Whereabouts? from, Whereabouts to) =>
        (trigger.Person == PresenceTrigger.AnyPerson || trigger.Person == personId)
        && from != to
        && (trigger.From is null || trigger.From == from)
        && (trigger.To is null || trigger.To == to);

    public static bool Fires(ModeTrigger trigger, string from, string to) =>
        !string.Equals(from, to, StringComparison.OrdinalIgnoreCase)
        && (trigger.From is null || string.Equals(trigger.From, from, StringComparison.OrdinalIgnoreCase))
        && (trigger.To is null || string.Equals(trigger.To, to, StringComparison.OrdinalIgnoreCase));

    /// <summary>A crossing of <paramref name="radiusKm"/> matches a trigger on that circle (to a metre).</summary>
    public static bool Fires(VehicleTrigger trigger, string vehicleId, GeofenceEdge edge, double radiusKm) =>
        trigger.Vehicle == vehicleId && trigger.Edge == edge && Math.Abs(trigger.RadiusKm - radiusKm) < 0.001;
}
