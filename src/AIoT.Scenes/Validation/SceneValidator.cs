using AIoT.Scenes.Model;

namespace AIoT.Scenes.Validation;

/// <summary>
/// Checks a scene against a household, stage by stage (identity, triggers, conditions, actions), collecting every
/// problem with its path; and returns it normalised: properties, events and actions by their canonical MIoT key,
/// modes in lower case. A scene is saved only when no problem is found.
/// </summary>
public static class SceneValidator
{
    public const int MaxTriggers = 32;
    public const int MaxActions = 64;
    public const int MaxConditionDepth = 8;

    public static (SceneDefinition Normalised, IReadOnlyList<SceneProblem> Problems) Validate(
        SceneDefinition scene, ISceneVocabulary household, IReadOnlyCollection<string> otherScenes)
    {
        var problems = new List<SceneProblem>();
        void Problem(string path, string message) => problems.Add(new SceneProblem(path, message));

        if (!SceneIds.IsValid(scene.Id))
        {
            Problem("id", $"'{scene.Id}' is not a scene id: use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }

        if (string.IsNullOrWhiteSpace(scene.Name))
        {
            Problem("name", "a scene needs a name.");
        }

        if (scene.Triggers.Count == 0)
        {
            Problem("triggers", "a scene needs at least one trigger (it can still be fired by hand).");
        }
        else if (scene.Triggers.Count > MaxTriggers)
        {
            Problem("triggers", $"at most {MaxTriggers} triggers per scene; split it in two.");
        }

        if (scene.Actions.Count == 0)
        {
            Problem("actions", "a scene needs at least one action.");
        }
        else if (scene.Actions.Count > MaxActions)
        {
            Problem("actions", $"at most {MaxActions} actions per scene; split it and run one from the other.");
        }

        if (scene.Cooldown < TimeSpan.Zero || scene.Debounce < TimeSpan.Zero)
        {
            Problem(scene.Cooldown < TimeSpan.Zero ? "cooldown" : "debounce", "must not be negative.");
        }

        if (scene.Limit.Firings < 1 || scene.Limit.Window <= TimeSpan.Zero)
        {
            Problem("limit", "firings must be at least 1 and the window longer than zero.");
        }

        var triggers = scene.Triggers.Select((t, i) => CheckTrigger(t, $"triggers[{i}]", household, Problem)).ToList();
        var condition = scene.Condition is null ? null : CheckCondition(scene.Condition, "conditions", household, Problem, 0);
        var actions = scene.Actions.Select((a, i) => CheckAction(a, $"actions[{i}]", scene.Id, household, otherScenes, Problem)).ToList();
        return (scene with { Triggers = triggers, Condition = condition, Actions = actions }, problems);
    }

    private static SceneTrigger CheckTrigger(SceneTrigger trigger, string path, ISceneVocabulary household, Action<string, string> problem)
    {
        switch (trigger)
        {
            case PropertyTrigger p:
                var property = FindProperty(household, p.Device, p.Property, path, problem, needRead: true);
                if (p.Above is { } above && p.Below is { } below && above >= below)
                {
                    problem($"{path}.above", $"above ({above}) must be less than below ({below}) for a range.");
                }

                if ((p.Above is not null || p.Below is not null) && property is { Numeric: false })
                {
                    problem($"{path}.{(p.Above is not null ? "above" : "below")}", $"{property.Alias} is not a number; use from/to instead of above/below.");
                }

                if (p.For < TimeSpan.Zero)
                {
                    problem($"{path}.for", "must not be negative.");
                }

                CheckValue(property, p.From, $"{path}.from", problem);
                CheckValue(property, p.To, $"{path}.to", problem);
                return property is null ? p : p with { Property = property.Key };
            case EventTrigger e:
                var device = FindDevice(household, e.Device, $"{path}.device", problem);
                var found = device?.FindEvent(e.Event);
                if (device is not null && found is null)
                {
                    problem($"{path}.event", $"{device.Model} has no event '{e.Event}'; its events are: {List(device.EventNames)}.");
                }

                var arguments = new List<ArgumentMatch>();
                foreach (var (argument, i) in e.Arguments.Select((a, i) => (a, i)))
                {
                    var argumentProperty = device?.FindProperty(argument.Property);
                    if (found is not null && (argumentProperty is null || !found.ArgumentKeys.Contains(argumentProperty.Key)))
                    {
                        problem($"{path}.arguments[{i}]", $"{found.Alias} carries no argument '{argument.Property}'; it carries: {List(found.ArgumentKeys)}.");
                    }

                    CheckValue(argumentProperty, argument.Value, $"{path}.arguments[{i}]", problem);
                    arguments.Add(argumentProperty is null ? argument : argument with { Property = argumentProperty.Key });
                }

                return found is null ? e : e with { Event = found.Key, Arguments = arguments };
            case VehicleTrigger v:
                CheckVehicle(household, v.Vehicle, $"{path}.vehicle", problem);
                if (!(v.RadiusKm > 0 && v.RadiusKm <= 500))
                {
                    problem($"{path}.radiusKm", $"{v.RadiusKm} km is not a radius: give one above 0 and at most 500 km.");
                }

                return v;
            case PresenceTrigger pr:
                if (pr.Person != PresenceTrigger.AnyPerson && !household.HasPerson(pr.Person))
                {
                    problem($"{path}.person", $"'{pr.Person}' is not a member of this household; members: {List(household.People)} (or 'anyone').");
                }

                if (pr.From is not null && pr.From == pr.To)
                {
                    problem($"{path}.to", "from and to are the same; the trigger would never fire.");
                }

                return pr;
            case ModeTrigger m:
                return m with { From = CheckMode(household, m.From, $"{path}.from", problem), To = CheckMode(household, m.To, $"{path}.to", problem) };
            case TimeTrigger t:
                CheckDayTime(t.At, $"{path}.at", problem);
                CheckDays(t.Days, $"{path}.days", problem);
                return t;
            case ScheduleTrigger s:
                if (s.Every < TimeSpan.FromMinutes(1) || s.Every > TimeSpan.FromDays(1))
                {
                    problem($"{path}.every", $"{Durations.Format(s.Every)} is out of range: give 1m to 1d.");
                }

                CheckDays(s.Days, $"{path}.days", problem);
                return s;
            default:
                problem(path, $"unknown trigger {trigger.GetType().Name}.");
                return trigger;
        }
    }

    private static SceneCondition CheckCondition(SceneCondition condition, string path, ISceneVocabulary household, Action<string, string> problem, int depth)
    {
        if (depth > MaxConditionDepth)
        {
            problem(path, $"conditions nest deeper than {MaxConditionDepth}; flatten them.");
            return condition;
        }

        switch (condition)
        {
            case AllCondition all:
                return all with { Conditions = [.. all.Conditions.Select((c, i) => CheckCondition(c, depth == 0 ? $"{path}[{i}]" : $"{path}.conditions[{i}]", household, problem, depth + 1))] };
            case AnyCondition any:
                if (any.Conditions.Count == 0)
                {
                    problem(path, "'any' needs at least one condition.");
                }

                return any with { Conditions = [.. any.Conditions.Select((c, i) => CheckCondition(c, $"{path}.conditions[{i}]", household, problem, depth + 1))] };
            case NotCondition not:
                return not with { Condition = CheckCondition(not.Condition, $"{path}.condition", household, problem, depth + 1) };
            case PropertyCondition p:
                var property = FindProperty(household, p.Device, p.Property, path, problem, needRead: true);
                if (p.Comparison is not Comparison.Equals and not Comparison.NotEquals && property is { Numeric: false })
                {
                    problem($"{path}.{Names.Of(p.Comparison)}", $"{property.Alias} is not a number; compare it with equals or notEquals.");
                }
                else if (p.Comparison is Comparison.Equals or Comparison.NotEquals)
                {
                    CheckValue(property, p.Value, $"{path}.{Names.Of(p.Comparison)}", problem);
                }

                return property is null ? p : p with { Property = property.Key };
            case TimeCondition t:
                if (t.After is null && t.Before is null && t.Days == DaySet.Every)
                {
                    problem(path, "a time condition needs after, before or days.");
                }

                if (t.After is { } after)
                {
                    CheckDayTime(after, $"{path}.after", problem);
                }

                if (t.Before is { } before)
                {
                    CheckDayTime(before, $"{path}.before", problem);
                }

                CheckDays(t.Days, $"{path}.days", problem);
                return t;
            case ModeCondition m:
                if (m.Modes.Count == 0)
                {
                    problem($"{path}.mode", $"name at least one mode: {List(household.Modes)}.");
                }

                return m with { Modes = [.. m.Modes.Select((mode, i) => CheckMode(household, mode, $"{path}.mode[{i}]", problem)!)] };
            case PresenceCondition pr:
                if (pr.Person is not PresenceCondition.Anyone and not PresenceCondition.Everyone && !household.HasPerson(pr.Person))
                {
                    problem($"{path}.person", $"'{pr.Person}' is not a member of this household; members: {List(household.People)} (or 'anyone', 'everyone').");
                }

                return pr;
            case VehicleCondition v:
                CheckVehicle(household, v.Vehicle, $"{path}.vehicle", problem);
                if (v is { Charging: null, Locked: null, Driving: null, WithinKm: null, BeyondKm: null, ChargeBelowPercent: null, ChargeAbovePercent: null })
                {
                    problem(path, "a vehicle condition needs at least one of charging, locked, driving, withinKm, beyondKm, chargeBelow, chargeAbove.");
                }

                foreach (var (km, name) in new[] { (v.WithinKm, "withinKm"), (v.BeyondKm, "beyondKm") })
                {
                    if (km is { } given && !(given >= 0 && double.IsFinite(given)))
                    {
                        problem($"{path}.{name}", $"{given} km is not a distance: give 0 or more.");
                    }
                }

                foreach (var (percent, name) in new[] { (v.ChargeBelowPercent, "chargeBelow"), (v.ChargeAbovePercent, "chargeAbove") })
                {
                    if (percent is { } given && !(given >= 0 && given <= 100))
                    {
                        problem($"{path}.{name}", $"{given}% is not a charge level: give 0 to 100.");
                    }
                }

                return v;
            default:
                problem(path, $"unknown condition {condition.GetType().Name}.");
                return condition;
        }
    }

    private static SceneAction CheckAction(
        SceneAction action, string path, string sceneId, ISceneVocabulary household, IReadOnlyCollection<string> otherScenes, Action<string, string> problem)
    {
        switch (action)
        {
            case SetAction set:
                var device = FindDevice(household, set.Device, $"{path}.device", problem);
                if (set.Properties.Count == 0)
                {
                    problem($"{path}.properties", "name at least one property to set.");
                }

                var settings = new List<PropertySetting>();
                foreach (var setting in set.Properties)
                {
                    var property = device?.FindProperty(setting.Property);
                    var at = $"{path}.properties.{setting.Property}";
                    if (device is not null && property is null)
                    {
                        problem(at, $"{device.Model} has no property '{setting.Property}'; its properties are: {List(device.PropertyNames)}.");
                    }
                    else if (property is { Writable: false })
                    {
                        problem(at, $"{property.Alias} ({property.Key}) is read-only on {device!.Model}.");
                    }

                    CheckValue(property, setting.Value, at, problem);
                    settings.Add(property is null ? setting : setting with { Property = property.Key });
                }

                return set with { Properties = settings };
            case InvokeAction invoke:
                var target = FindDevice(household, invoke.Device, $"{path}.device", problem);
                var spec = target?.FindAction(invoke.Action);
                if (target is not null && spec is null)
                {
                    problem($"{path}.action", $"{target.Model} has no action '{invoke.Action}'; its actions are: {List(target.ActionNames)}.");
                }
                else if (spec is not null && spec.Inputs != invoke.Inputs.Count)
                {
                    problem($"{path}.inputs", $"{spec.Alias} takes {spec.Inputs} input(s), got {invoke.Inputs.Count}.");
                }

                return spec is null ? invoke : invoke with { Action = spec.Key };
            case ModeAction mode:
                return mode with { Mode = CheckMode(household, mode.Mode, $"{path}.mode", problem) ?? mode.Mode };
            case NotifyAction notify:
                if (string.IsNullOrWhiteSpace(notify.Message) || notify.Message.Length > 500)
                {
                    problem($"{path}.message", "give a message of 1 to 500 characters.");
                }

                return notify;
            case DelayAction delay:
                if (delay.Duration <= TimeSpan.Zero || delay.Duration > TimeSpan.FromDays(1))
                {
                    problem($"{path}.for", $"{Durations.Format(delay.Duration)} is out of range: give more than 0s and at most 1d.");
                }

                return delay;
            case RunSceneAction run:
                if (run.Scene == sceneId)
                {
                    problem($"{path}.scene", "a scene cannot run itself.");
                }
                else if (!otherScenes.Contains(run.Scene))
                {
                    problem($"{path}.scene", $"this household has no scene '{run.Scene}'; add it first. Its scenes: {List(otherScenes)}.");
                }

                return run;
            default:
                problem(path, $"unknown action {action.GetType().Name}.");
                return action;
        }
    }

    private static ISceneDevice? FindDevice(ISceneVocabulary household, string deviceId, string path, Action<string, string> problem)
    {
        var device = household.FindDevice(deviceId);
        if (device is null)
        {
            problem(path, $"this household has no device '{deviceId}'; its devices: {List(household.DeviceIds)}.");
        }

        return device;
    }

    private static SceneProperty? FindProperty(ISceneVocabulary household, string deviceId, string name, string path, Action<string, string> problem, bool needRead)
    {
        var device = FindDevice(household, deviceId, $"{path}.device", problem);
        if (device is null)
        {
            return null;
        }

        var property = device.FindProperty(name);
        if (property is null)
        {
            problem($"{path}.property", $"{device.Model} has no property '{name}'; its properties are: {List(device.PropertyNames)}.");
        }
        else if (needRead && !property.Readable)
        {
            problem($"{path}.property", $"{property.Alias} ({property.Key}) cannot be read, so no scene can watch it.");
        }

        return property;
    }

    private static void CheckValue(SceneProperty? property, SceneValue? value, string path, Action<string, string> problem)
    {
        if (property is not null && value is { } given && property.Check(given) is { } error)
        {
            problem(path, error);
        }
    }

    private static void CheckVehicle(ISceneVocabulary household, string vehicleId, string path, Action<string, string> problem)
    {
        if (!household.HasVehicle(vehicleId))
        {
            problem(path, $"this household has no vehicle '{vehicleId}'; its vehicles: {List(household.Vehicles)}.");
        }
    }

    private static string? CheckMode(ISceneVocabulary household, string? mode, string path, Action<string, string> problem)
    {
        if (mode is null)
        {
            return null;
        }

        var known = household.Modes.FirstOrDefault(m => string.Equals(m, mode, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            problem(path, $"'{mode}' is not a household mode; modes are: {List(household.Modes)}.");
        }

        return known ?? mode;
    }

    private static void CheckDayTime(DayTime time, string path, Action<string, string> problem)
    {
        if (time.Base == DayTimeBase.Clock ? time.Offset < TimeSpan.Zero || time.Offset >= TimeSpan.FromDays(1) : time.Offset.Duration() > TimeSpan.FromHours(6))
        {
            problem(path, time.Base == DayTimeBase.Clock ? "give a time of day from 00:00 to 23:59." : "a sun offset is at most 6h either way.");
        }
    }

    private static void CheckDays(DaySet days, string path, Action<string, string> problem)
    {
        if (days.IsEmpty)
        {
            problem(path, $"name at least one day: {string.Join(", ", DaySet.Names)}, weekdays, weekend.");
        }
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count == 0 ? "none" : all.Count <= 20 ? string.Join(", ", all) : $"{string.Join(", ", all.Take(20))} and {all.Count - 20} more";
    }
}
