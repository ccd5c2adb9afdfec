using System.Text.Json.Nodes;
using AIoT.Scenes.Model;

namespace AIoT.Scenes.Files;

/// <summary>
/// A scene as the fields of its file, in the order a person reads them; defaults are left out. Both the YAML and the
/// JSON writer print this one tree, so the two spellings cannot drift apart.
/// </summary>
internal static class SceneFileDocument
{
    public static JsonObject Of(SceneDefinition scene)
    {
        var file = new JsonObject { ["id"] = scene.Id, ["name"] = scene.Name };
        Optional(file, "description", scene.Description);
        if (!scene.Enabled)
        {
            file["enabled"] = false;
        }

        OptionalDuration(file, "cooldown", scene.Cooldown);
        OptionalDuration(file, "debounce", scene.Debounce);
        if (scene.Limit != FiringLimit.Default)
        {
            file["limit"] = new JsonObject { ["firings"] = scene.Limit.Firings, ["per"] = Durations.Format(scene.Limit.Window) };
        }

        Optional(file, "template", scene.Template);
        file["triggers"] = new JsonArray([.. scene.Triggers.Select(Trigger)]);
        if (scene.Condition is { } condition)
        {
            file["conditions"] = condition is AllCondition all ? new JsonArray([.. all.Conditions.Select(Condition)]) : Condition(condition);
        }

        file["actions"] = new JsonArray([.. scene.Actions.Select(Action)]);
        return file;
    }

    private static JsonObject Trigger(SceneTrigger trigger)
    {
        switch (trigger)
        {
            case PropertyTrigger p:
                var property = Typed("property", ("device", p.Device), ("property", p.Property));
                Optional(property, "from", p.From);
                Optional(property, "to", p.To);
                Optional(property, "above", p.Above);
                Optional(property, "below", p.Below);
                OptionalDuration(property, "for", p.For);
                return property;
            case EventTrigger e:
                var @event = Typed("event", ("device", e.Device), ("event", e.Event));
                if (e.Arguments.Count > 0)
                {
                    @event["arguments"] = Properties(e.Arguments.Select(a => (a.Property, a.Value)));
                }

                return @event;
            case VehicleTrigger v:
                var vehicle = Typed("vehicle", ("vehicle", v.Vehicle), ("geofence", Names.Of(v.Edge)));
                vehicle["radiusKm"] = v.RadiusKm;
                return vehicle;
            case PresenceTrigger pr:
                var person = Typed("person", ("person", pr.Person));
                Optional(person, "from", pr.From is { } from ? Names.Of(from) : null);
                Optional(person, "to", pr.To is { } to ? Names.Of(to) : null);
                return person;
            case ModeTrigger m:
                var mode = Typed("mode");
                Optional(mode, "from", m.From);
                Optional(mode, "to", m.To);
                return mode;
            case TimeTrigger t:
                var time = Typed("time", ("at", t.At.ToString()));
                OptionalDays(time, t.Days);
                return time;
            case ScheduleTrigger s:
                var schedule = Typed("schedule", ("every", Durations.Format(s.Every)));
                OptionalDays(schedule, s.Days);
                return schedule;
            default:
                throw new ArgumentException($"no file form for trigger {trigger.GetType().Name}", nameof(trigger));
        }
    }

    private static JsonObject Condition(SceneCondition condition)
    {
        switch (condition)
        {
            case AllCondition all:
                var allOf = Typed("all");
                allOf["conditions"] = new JsonArray([.. all.Conditions.Select(Condition)]);
                return allOf;
            case AnyCondition any:
                var anyOf = Typed("any");
                anyOf["conditions"] = new JsonArray([.. any.Conditions.Select(Condition)]);
                return anyOf;
            case NotCondition not:
                var negated = Typed("not");
                negated["condition"] = Condition(not.Condition);
                return negated;
            case PropertyCondition p:
                var property = Typed("property", ("device", p.Device), ("property", p.Property));
                property[Names.Of(p.Comparison)] = Value(p.Value);
                return property;
            case TimeCondition t:
                var time = Typed("time");
                Optional(time, "after", t.After?.ToString());
                Optional(time, "before", t.Before?.ToString());
                OptionalDays(time, t.Days);
                return time;
            case ModeCondition m:
                var mode = Typed("mode");
                mode["mode"] = m.Modes.Count == 1 ? m.Modes[0] : new JsonArray([.. m.Modes.Select(x => (JsonNode)x)]);
                return mode;
            case PresenceCondition pr:
                return Typed("presence", ("person", pr.Person), ("is", Names.Of(pr.Is)));
            case VehicleCondition v:
                var vehicle = Typed("vehicle", ("vehicle", v.Vehicle));
                Optional(vehicle, "charging", v.Charging);
                Optional(vehicle, "locked", v.Locked);
                Optional(vehicle, "driving", v.Driving);
                Optional(vehicle, "withinKm", v.WithinKm);
                Optional(vehicle, "beyondKm", v.BeyondKm);
                Optional(vehicle, "chargeBelow", v.ChargeBelowPercent);
                Optional(vehicle, "chargeAbove", v.ChargeAbovePercent);
                return vehicle;
            default:
                throw new ArgumentException($"no file form for condition {condition.GetType().Name}", nameof(condition));
        }
    }

    private static JsonObject Action(SceneAction action)
    {
        switch (action)
        {
            case SetAction set:
                var setting = Typed("set", ("device", set.Device));
                setting["properties"] = Properties(set.Properties.Select(p => (p.Property, p.Value)));
                return setting;
            case InvokeAction invoke:
                var invoking = Typed("invoke", ("device", invoke.Device), ("action", invoke.Action));
                if (invoke.Inputs.Count > 0)
                {
                    invoking["inputs"] = new JsonArray([.. invoke.Inputs.Select(Value)]);
                }

                return invoking;
            case ModeAction mode:
                return Typed("mode", ("mode", mode.Mode));
            case NotifyAction notify:
                return Typed("notify", ("message", notify.Message));
            case DelayAction delay:
                return Typed("delay", ("for", Durations.Format(delay.Duration)));
            case RunSceneAction run:
                return Typed("scene", ("scene", run.Scene));
            default:
                throw new ArgumentException($"no file form for action {action.GetType().Name}", nameof(action));
        }
    }

    private static JsonObject Typed(string type, params (string Key, string Value)[] fields)
    {
        var node = new JsonObject { ["type"] = type };
        foreach (var (key, value) in fields)
        {
            node[key] = value;
        }

        return node;
    }

    /// <summary>A setting named twice keeps the last, as the device would end up.</summary>
    private static JsonObject Properties(IEnumerable<(string Property, SceneValue Value)> values)
    {
        var node = new JsonObject();
        foreach (var (property, value) in values)
        {
            node[property] = Value(value);
        }

        return node;
    }

    private static JsonNode? Value(SceneValue value) => value.Kind switch
    {
        SceneValueKind.Bool => value.IsTrue,
        SceneValueKind.Number => value.Number,
        _ => value.Text ?? "",
    };

    private static void Optional(JsonObject node, string key, string? value)
    {
        if (value is not null)
        {
            node[key] = value;
        }
    }

    private static void Optional(JsonObject node, string key, SceneValue? value)
    {
        if (value is { } given)
        {
            node[key] = Value(given);
        }
    }

    private static void Optional(JsonObject node, string key, double? value)
    {
        if (value is { } number)
        {
            node[key] = number;
        }
    }

    private static void Optional(JsonObject node, string key, bool? value)
    {
        if (value is { } flag)
        {
            node[key] = flag;
        }
    }

    private static void OptionalDuration(JsonObject node, string key, TimeSpan duration)
    {
        if (duration != TimeSpan.Zero)
        {
            node[key] = Durations.Format(duration);
        }
    }

    private static void OptionalDays(JsonObject node, DaySet days)
    {
        if (days != DaySet.Every)
        {
            node["days"] = FileTimes.DaysWord(days) is { } word ? word : new JsonArray([.. FileTimes.DayNames(days).Select(d => (JsonNode)d)]);
        }
    }
}
