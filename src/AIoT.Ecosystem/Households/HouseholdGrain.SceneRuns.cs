using System.Diagnostics;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;
using AIoT.Scenes.Diagnostics;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using Microsoft.Extensions.Logging;

namespace AIoT.Ecosystem.Households;

/// <summary>How the household runs its scenes: the changes that reach it, the conditions checked, the firings, the timer for what they wait on.</summary>
public sealed partial class HouseholdGrain
{
    public Task OnDeviceChanges(string deviceId, IReadOnlyList<PropertyChange> changes)
    {
        if (!State.Devices.ContainsKey(deviceId))
        {
            return Task.CompletedTask;
        }

        World.Update(deviceId, changes);
        var started = Stopwatch.GetTimestamp();
        var candidates = Engine.OnPropertyChanges(deviceId, changes, IncomingChain(), time.GetUtcNow());
        return HandleAsync(candidates, started);
    }

    public Task OnDeviceEvent(string deviceId, string eventKey, IReadOnlyList<PropertyChange> arguments)
    {
        if (!State.Devices.ContainsKey(deviceId))
        {
            return Task.CompletedTask;
        }

        var started = Stopwatch.GetTimestamp();
        var candidates = Engine.OnEvent(deviceId, eventKey, [.. arguments.Select(a => (a.Key, a.New))], IncomingChain(), time.GetUtcNow());
        return HandleAsync(candidates, started);
    }

    public Task OnPresence(string personId, PersonLocation from, PersonLocation to)
    {
        if (!State.Members.Contains(personId))
        {
            return Task.CompletedTask;
        }

        var now = HouseholdSceneWorld.ToWhereabouts(to);
        var before = World.WhereIs(personId) ?? HouseholdSceneWorld.ToWhereabouts(from);
        World.Update(personId, now);
        var started = Stopwatch.GetTimestamp();
        return HandleAsync(Engine.OnPresence(personId, before, now, IncomingChain(), time.GetUtcNow()), started);
    }

    public Task OnGeofence(GeofenceEvent geofenceEvent)
    {
        if (!State.Vehicles.Contains(geofenceEvent.VehicleId))
        {
            return Task.CompletedTask;
        }

        var edge = geofenceEvent.Direction == GeofenceDirection.Arriving ? GeofenceEdge.Arriving : GeofenceEdge.Leaving;
        var started = Stopwatch.GetTimestamp();
        return HandleAsync(Engine.OnGeofence(geofenceEvent.VehicleId, edge, geofenceEvent.RadiusKm, IncomingChain(), time.GetUtcNow()), started);
    }

    /// <summary>Checks the conditions of each triggered scene (fetching what it needs and nobody reported yet), then runs those that hold, in order.</summary>
    private async Task HandleAsync(List<SceneCandidate> candidates, long started)
    {
        if (candidates.Count == 0)
        {
            SceneTelemetry.EvaluationDuration.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            ArmSceneTimer();
            return;
        }

        var now = time.GetUtcNow();
        var admitted = new List<SceneCandidate>();
        foreach (var candidate in candidates)
        {
            SceneTelemetry.ConditionEvaluations.Add(1);
            var needs = new List<SceneNeed>();
            var truth = ConditionEvaluator.Evaluate(candidate.Scene.Condition, World, now, needs);
            if (truth == Truth.Unknown && needs.Count > 0)
            {
                await World.FetchAsync(needs);
                truth = ConditionEvaluator.Evaluate(candidate.Scene.Condition, World, now);
            }

            if (truth != Truth.True)
            {
                Skip(candidate, now, truth == Truth.False ? "conditions false" : $"conditions unknown: {string.Join(", ", needs.Select(Describe))} not known", "conditions");
                continue;
            }

            var admission = Engine.Admit(candidate, now);
            if (admission.Runs)
            {
                admitted.Add(candidate);
            }
            else if (admission.LoopStopped)
            {
                SceneTelemetry.LoopsStopped.Add(1);
                logger.LogWarning("Household {Household}: scene loop stopped: {Chain}; {Scene} stays stopped until {Until:O}", HouseholdId, admission.Reason, candidate.Scene.Id, Engine.StoppedUntil(candidate.Scene.Id, now));
                Skip(candidate, now, $"loop stopped: {admission.Reason}", "loop");
            }
            else
            {
                Skip(candidate, now, admission.Reason!, admission.Reason!.StartsWith("cool", StringComparison.Ordinal) ? "cooldown" : admission.Reason.StartsWith("disabled", StringComparison.Ordinal) ? "disabled" : "stopped");
            }
        }

        World.ForgetVehicles();
        SceneTelemetry.EvaluationDuration.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        foreach (var candidate in admitted)
        {
            try
            {
                await FireAsync(candidate, now);
            }
            catch (Exception ex)
            {
                SceneTelemetry.Failures.Add(1, new KeyValuePair<string, object?>("status", "failed"));
                logger.LogError(ex, "Household {Household}: scene {Scene} failed", HouseholdId, candidate.Scene.Id);
            }
        }

        ArmSceneTimer();
    }

    private async Task<SceneFiring> FireAsync(SceneCandidate candidate, DateTimeOffset now, PendingRun? resuming = null)
    {
        // The engine keeps no actions (see HouseholdGrain.SceneStorage.cs); a scene removed since it triggered runs none.
        var scene = resuming?.Scene ?? await StoredSceneAsync(candidate.Scene.Id) ?? candidate.Scene;
        var chain = resuming?.Chain ?? candidate.Chain.Then(scene.Id);
        using var activity = SceneTelemetry.Source.StartActivity($"scene {scene.Id}");
        activity?.SetTag("aiot.household", HouseholdId);
        activity?.SetTag("aiot.scene", scene.Id);
        activity?.SetTag("aiot.scene.trigger", candidate.Trigger);
        activity?.SetTag("aiot.scene.chain", chain.ToString());
        activity?.SetTag("aiot.scene.conditions", ConditionsChecked(candidate, resuming));
        var (firing, pending) = await SceneRunner.RunAsync(
            scene, resuming?.NextAction ?? 0, candidate.Trigger, chain, resuming?.Done ?? [], resuming?.FiredAt ?? now, this, now);
        if (pending is not null)
        {
            var delay = (DelayAction)scene.Actions[pending.NextAction - 1];
            Engine.Resume(pending, time.GetUtcNow() + delay.Duration);
            ArmSceneTimer();
        }

        var ran = firing.Outcomes.Skip(resuming?.Done.Count ?? 0).ToList();
        foreach (var outcome in ran)
        {
            activity?.AddEvent(new ActivityEvent($"action {outcome.Index} {outcome.Action} {outcome.Target}: {outcome.Status}"));
            if (outcome.Status is ActionStatus.Failed or ActionStatus.Refused or ActionStatus.Offline)
            {
                SceneTelemetry.Failures.Add(1, new KeyValuePair<string, object?>("status", outcome.Status.ToString().ToLowerInvariant()));
                logger.LogDebug("Household {Household}: scene {Scene} action {Index} ({Action} {Target}): {Status} {Detail}", HouseholdId, scene.Id, outcome.Index, outcome.Action, outcome.Target, outcome.Status, outcome.Detail);
            }
        }

        if (SceneOutcomes.Summarise(ran) is { } notDone)
        {
            // One line per firing, however many of its actions failed; each action's detail is at Debug and in the activity.
            logger.LogWarning("Household {Household}: scene {Scene} ({Trigger}): {NotDone}", HouseholdId, scene.Id, candidate.Trigger, notDone);
        }

        activity?.SetStatus(firing.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        if (resuming is null)
        {
            SceneTelemetry.Firings.Add(1);
        }

        Keep(_firings, firing);
        _sceneObservers?.Notify(o => o.OnSceneFired(HouseholdId, firing));
        _recentFirings?.Add(HouseholdId, firing);
        logger.LogDebug("Household {Household}: scene {Scene} fired by {Trigger}", HouseholdId, scene.Id, candidate.Trigger);
        return firing;
    }

    private static string ConditionsChecked(SceneCandidate candidate, PendingRun? resuming) =>
        resuming is not null ? "checked before the delay"
        : candidate.Scene.Condition is null ? "none"
        : candidate.Trigger == FiredByHand ? $"{ConditionText.Describe(candidate.Scene.Condition)}: not checked (fired by hand)"
        : $"{ConditionText.Describe(candidate.Scene.Condition)}: true";

    private void Skip(SceneCandidate candidate, DateTimeOffset now, string reason, string kind)
    {
        SceneTelemetry.Skipped.Add(1, new KeyValuePair<string, object?>("reason", kind));
        var skip = new SceneSkip(candidate.Scene.Id, now, candidate.Trigger, reason);
        Keep(_skips, skip);
        _sceneObservers?.Notify(o => o.OnSceneSkipped(HouseholdId, skip));
    }

    private static void Keep<T>(Queue<T> recent, T item)
    {
        recent.Enqueue(item);
        while (recent.Count > RecentKept)
        {
            recent.Dequeue();
        }
    }

    private static string Describe(SceneNeed need) => need switch
    {
        PropertyNeed p => $"{p.DeviceId} {p.Key}",
        PersonNeed p => $"where {p.PersonId} is",
        VehicleNeed v => $"vehicle {v.VehicleId}",
        _ => need.ToString(),
    };

    private static SceneChain IncomingChain() => SceneChain.Parse(RequestContext.Get(SceneChainKey) as string);

    /// <summary>One grain timer at the first thing the scenes wait for; it keeps the household active while they wait.</summary>
    private void ArmSceneTimer()
    {
        if (_sceneEngine is null && Scenes.Scenes.Count == 0)
        {
            return;
        }

        if (Engine.WaitingVersion != _waitingNotified && _sceneObservers is { Count: > 0 })
        {
            _waitingNotified = Engine.WaitingVersion;
            var waiting = Engine.Waiting();
            _sceneObservers.Notify(o => o.OnScenesWaiting(HouseholdId, waiting));
        }

        var due = Engine.NextDue;
        if (due == _sceneTimerDue)
        {
            return;
        }

        _sceneTimerDue = due;
        if (due is not { } at)
        {
            _sceneTimer?.Dispose();
            _sceneTimer = null;
            return;
        }

        var wait = at - time.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        // A new timer each time: a one-shot timer changed from inside its own callback is not reliably re-armed.
        _sceneTimer?.Dispose();
        _sceneTimer = this.RegisterGrainTimer(_ => OnSceneTimerAsync(), new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
    }

    private async Task OnSceneTimerAsync()
    {
        _sceneTimerDue = null;
        var now = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var (candidates, resumed) = Engine.OnTick(now);
        foreach (var run in resumed)
        {
            await FireAsync(new SceneCandidate(run.Scene, run.Trigger, run.Chain), now, run);
        }

        await HandleAsync(candidates, started);
    }
}
