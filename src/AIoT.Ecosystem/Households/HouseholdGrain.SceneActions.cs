using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Scenes.Diagnostics;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using Microsoft.Extensions.Logging;

namespace AIoT.Ecosystem.Households;

/// <summary>What scene actions do: commands to the household's devices (carrying the chain of scenes), its mode, its notifications.</summary>
public sealed partial class HouseholdGrain : ISceneEffects
{
    async Task<ActionOutcome> ISceneEffects.SetAsync(int index, SetAction action, SceneChain chain)
    {
        if (Unreachable(index, "set", action.Device) is { } unreachable)
        {
            return unreachable;
        }

        var spec = _catalog.Find(State.Devices[action.Device].Model)!;
        var writes = action.Properties.Select(p => new PropertyWrite(p.Property, spec.ResolveProperty(p.Property) is { } property
            ? SceneValues.ToProperty(p.Value, property)
            : PropertyValue.Of(p.Value.ToString()))).ToList();
        RequestContext.Set(SceneChainKey, chain.ToString());
        var results = await GrainFactory.GetGrain<IDeviceGrain>(action.Device).SetProperties(writes);
        var refused = results.Where(r => !r.IsOk).ToList();
        return refused.Count == 0
            ? new ActionOutcome(index, "set", action.Device, ActionStatus.Ok, string.Join(", ", results.Select(r => $"{r.Key}={r.Value}")))
            : new ActionOutcome(index, "set", action.Device, ActionStatus.Refused, string.Join("; ", refused.Select(r => $"{r.Key}: {r.Code} {r.Error}")));
    }

    async Task<ActionOutcome> ISceneEffects.InvokeAsync(int index, InvokeAction action, SceneChain chain)
    {
        if (Unreachable(index, "invoke", action.Device) is { } unreachable)
        {
            return unreachable;
        }

        var spec = _catalog.Find(State.Devices[action.Device].Model)!;
        var inputs = spec.ResolveAction(action.Action) is { } known
            ? action.Inputs.Select((value, i) => SceneValues.ToProperty(value, spec.FindProperty(known.Siid, known.In[i])!)).ToList()
            : [];
        RequestContext.Set(SceneChainKey, chain.ToString());
        var result = await GrainFactory.GetGrain<IDeviceGrain>(action.Device).InvokeAction(action.Action, inputs);
        return result.Code == MiotCodes.Ok
            ? new ActionOutcome(index, "invoke", action.Device, ActionStatus.Ok, result.Key)
            : new ActionOutcome(index, "invoke", action.Device, ActionStatus.Refused, $"{result.Key}: {result.Code} {result.Error}");
    }

    async Task<ActionOutcome> ISceneEffects.SetModeAsync(int index, ModeAction action, SceneChain chain)
    {
        if (!Enum.TryParse<HouseholdMode>(action.Mode, ignoreCase: true, out var mode))
        {
            return new ActionOutcome(index, "mode", action.Mode, ActionStatus.Failed, $"'{action.Mode}' is not a household mode");
        }

        var before = State.Mode;
        await ChangeModeAsync(mode, chain);
        return new ActionOutcome(index, "mode", action.Mode, ActionStatus.Ok, before == mode ? $"already {action.Mode}" : $"{before.ToString().ToLowerInvariant()} -> {action.Mode}");
    }

    async Task<ActionOutcome> ISceneEffects.NotifyAsync(int index, NotifyAction action, string sceneId, SceneChain chain)
    {
        var notification = new SceneNotification(time.GetUtcNow(), sceneId, action.Message);
        logger.LogInformation("Household {Household}: scene {Scene} notifies: {Message}", HouseholdId, sceneId, action.Message);
        await WithStoredScenesAsync(stored =>
        {
            stored.Notifications.Add(notification);
            if (stored.Notifications.Count > RecentKept)
            {
                stored.Notifications.RemoveRange(0, stored.Notifications.Count - RecentKept);
            }

            return (true, true);
        });
        return new ActionOutcome(index, "notify", "", ActionStatus.Ok, action.Message);
    }

    async Task<ActionOutcome> ISceneEffects.RunSceneAsync(int index, RunSceneAction action, SceneChain chain)
    {
        if (Engine.Find(action.Scene) is not { } scene)
        {
            return new ActionOutcome(index, "scene", action.Scene, ActionStatus.Failed, $"no scene '{action.Scene}' (removed since?)");
        }

        var candidate = new SceneCandidate(scene, $"run by {chain.Scenes[^1]}", chain);
        var now = time.GetUtcNow();
        var admission = Engine.Admit(candidate, now);
        if (!admission.Runs)
        {
            if (admission.LoopStopped)
            {
                SceneTelemetry.LoopsStopped.Add(1);
                logger.LogWarning("Household {Household}: scene loop stopped: {Chain}", HouseholdId, admission.Reason);
            }

            return new ActionOutcome(index, "scene", action.Scene, ActionStatus.Refused, admission.Reason);
        }

        var firing = await FireAsync(candidate, now);
        return new ActionOutcome(index, "scene", action.Scene, firing.Succeeded ? ActionStatus.Ok : ActionStatus.Failed, $"{firing.Outcomes.Count} action(s)");
    }

    /// <summary>The mode changes, and the scenes waiting for that change are checked, with the chain that caused it.</summary>
    private async Task ChangeModeAsync(HouseholdMode mode, SceneChain chain)
    {
        var before = State.Mode;
        State.Mode = mode;
        State.ModeChangedAt = time.GetUtcNow();
        await HouseholdWrites.WriteAsync();
        if (before != mode && HasScenes)
        {
            await HandleAsync(
                Engine.OnModeChanged(before.ToString().ToLowerInvariant(), mode.ToString().ToLowerInvariant(), chain, time.GetUtcNow()),
                System.Diagnostics.Stopwatch.GetTimestamp());
        }
    }

    /// <summary>A command to a device that is gone or offline is not sent; the scene's result says so.</summary>
    private ActionOutcome? Unreachable(int index, string kind, string deviceId)
    {
        if (!State.Devices.TryGetValue(deviceId, out var device))
        {
            return new ActionOutcome(index, kind, deviceId, ActionStatus.Failed, "the device is no longer in this household");
        }

        if (!device.Online)
        {
            return new ActionOutcome(index, kind, deviceId, ActionStatus.Offline,
                $"{MiotCodes.DeviceOffline} device offline{(device.LastSeen is { } seen ? $" (last seen {seen:O})" : " (never seen)")}; nothing sent");
        }

        return null;
    }
}
