using System.Diagnostics;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Runtime;
using AIoT.Ecosystem.Vehicles;
using AIoT.Scenes.Diagnostics;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Templates;
using AIoT.Scenes.Validation;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace AIoT.Ecosystem.Households;

/// <summary>The household's scenes: saved in its "scenes" state, indexed by trigger, evaluated here as changes arrive.</summary>
public sealed partial class HouseholdGrain : IHouseholdScenesGrain
{
    /// <summary>Recent firings, skips and notifications kept per household for operators.</summary>
    public const int RecentKept = 20;

    /// <summary>The request-context key under which a household's commands carry the chain of scenes behind them.</summary>
    public const string SceneChainKey = "aiot.scene-chain";

    private const string FiredByHand = "fired by hand";

    private readonly Queue<SceneFiring> _firings = new();
    private readonly Queue<SceneSkip> _skips = new();
    private ObserverManager<ISceneObserver>? _sceneObservers;
    private SceneEngine? _sceneEngine;
    private HouseholdSceneWorld? _sceneWorld;
    private SerialWriter? _sceneWrites;
    private IGrainTimer? _sceneTimer;
    private DateTimeOffset? _sceneTimerDue;
    private long _waitingNotified;

    private HouseholdScenesState Scenes => scenes.State;

    private SerialWriter SceneWrites => _sceneWrites ??= new SerialWriter(scenes.WriteStateAsync);

    private HouseholdSceneWorld World => _sceneWorld ??= new HouseholdSceneWorld(State, GrainFactory);

    private SceneEngine Engine
    {
        get
        {
            if (_sceneEngine is null)
            {
                // As read from storage, every string and list of the scenes is a copy of its own; shared, they take half.
                Scenes.Scenes = SceneCompactor.Compact(Scenes.Scenes, OwnIds());
                _sceneEngine = new SceneEngine(World.Clock);
                _sceneEngine.Load(Scenes.Scenes, time.GetUtcNow());
            }

            return _sceneEngine;
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Scenes.Scenes.Count > 0)
        {
            ArmSceneTimer();
        }

        return Task.CompletedTask;
    }

    public Task<SceneSaveResult> CheckScene(SceneDefinition scene) => Task.FromResult(Check(scene));

    public async Task<SceneSaveResult> SaveScene(SceneDefinition scene)
    {
        var result = Check(scene);
        if (!result.IsSaved)
        {
            return result;
        }

        var saved = Compacted(result.Saved!);
        var index = Scenes.Scenes.FindIndex(s => s.Id == saved.Id);
        await ChangeScenesAsync(list =>
        {
            if (index >= 0)
            {
                list[index] = saved;
            }
            else
            {
                list.Add(saved);
            }
        });
        logger.LogInformation("Household {Household}: scene {Scene} ({Name}) {Verb}", HouseholdId, saved.Id, saved.Name, index >= 0 ? "replaced" : "added");
        return result;
    }

    public Task<SceneSaveResults> CheckScenes(IReadOnlyList<SceneDefinition> many) => Task.FromResult(new SceneSaveResults(Check(many)));

    public async Task<SceneSaveResults> SaveScenes(IReadOnlyList<SceneDefinition> many)
    {
        var results = Check(many);
        if (results.All(r => r.IsSaved))
        {
            await ChangeScenesAsync(list =>
            {
                foreach (var saved in results.Select(r => Compacted(r.Saved!)))
                {
                    var index = list.FindIndex(s => s.Id == saved.Id);
                    if (index >= 0)
                    {
                        list[index] = saved;
                    }
                    else
                    {
                        list.Add(saved);
                    }
                }
            });
        }

        return new SceneSaveResults(results);
    }

    public Task<IReadOnlyList<SceneStatus>> ListScenes()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<SceneStatus>>([.. Scenes.Scenes.Select(s => new SceneStatus(s, Engine.LastFired(s.Id), Engine.StoppedUntil(s.Id, now)))]);
    }

    public async Task<bool> SetSceneEnabled(string sceneId, bool enabled)
    {
        var index = Scenes.Scenes.FindIndex(s => s.Id == sceneId);
        if (index < 0)
        {
            return false;
        }

        if (Scenes.Scenes[index].Enabled != enabled)
        {
            await ChangeScenesAsync(list => list[index] = list[index] with { Enabled = enabled });
        }

        return true;
    }

    public async Task<bool> RemoveScene(string sceneId)
    {
        var index = Scenes.Scenes.FindIndex(s => s.Id == sceneId);
        if (index < 0)
        {
            return false;
        }

        await ChangeScenesAsync(list => list.RemoveAt(index));
        return true;
    }

    public async Task<SceneFiring?> FireScene(string sceneId)
    {
        var scene = Engine.Find(sceneId);
        if (scene is null)
        {
            return null;
        }

        return await FireAsync(new SceneCandidate(scene, FiredByHand, IncomingChain()), time.GetUtcNow());
    }

    public Task SubscribeScenes(ISceneObserver observer)
    {
        (_sceneObservers ??= ObserverLists.Create<ISceneObserver>(time, logger)).Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeScenes(ISceneObserver observer)
    {
        _sceneObservers?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<SceneActivity> GetSceneActivity() =>
        Task.FromResult(new SceneActivity([.. _firings], [.. _skips], [.. Scenes.Notifications], Engine.Waiting()));

    public async Task<IReadOnlyList<SuggestedScene>> SuggestScenes()
    {
        var profile = await HouseholdProfiles.BuildAsync(HouseholdId, State, GrainFactory);
        return [.. SceneSuggester.Suggest(profile).Select(s => new SuggestedScene(s, Scenes.Scenes.Exists(x => x.Id == s.Scene.Id)))];
    }

    public async Task<SceneSaveResult?> AcceptSuggestion(string sceneId)
    {
        var suggestion = (await SuggestScenes()).FirstOrDefault(s => s.Suggestion.Scene.Id == sceneId);
        return suggestion is null ? null : await SaveScene(suggestion.Suggestion.Scene);
    }

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

    private SceneDefinition Compacted(SceneDefinition scene) => new SceneCompactor(OwnIds()).Compact(scene);

    private IEnumerable<string> OwnIds() => State.Devices.Keys.Concat(State.Members).Concat(State.Vehicles);

    private SceneSaveResult Check(SceneDefinition scene)
    {
        var others = Scenes.Scenes.Select(s => s.Id).Where(id => id != scene.Id).ToList();
        var (normalised, problems) = SceneValidator.Validate(scene, new CatalogSceneVocabulary(State, _catalog), others);
        return new SceneSaveResult(problems.Count == 0 ? normalised : null, problems);
    }

    /// <summary>Each scene checked as one of a set saved together: the others' ids count as existing scenes.</summary>
    private List<SceneSaveResult> Check(IReadOnlyList<SceneDefinition> many)
    {
        var results = new List<SceneSaveResult>(many.Count);
        var ids = Scenes.Scenes.Select(s => s.Id).Concat(many.Select(s => s.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var scene in many)
        {
            var (normalised, problems) = SceneValidator.Validate(scene, new CatalogSceneVocabulary(State, _catalog), [.. ids.Where(id => id != scene.Id)]);
            if (many.Count(s => s.Id == scene.Id) > 1)
            {
                problems = [.. problems, new SceneProblem("id", $"'{scene.Id}' is given more than once; each scene needs its own id.")];
            }

            results.Add(new SceneSaveResult(problems.Count == 0 ? normalised : null, problems));
        }

        return results;
    }

    /// <summary>Changes the scene list, writes it, and tells devices and vehicles what the scenes now watch.</summary>
    private async Task ChangeScenesAsync(Action<List<SceneDefinition>> change)
    {
        var before = Engine.Index.Interests();
        change(Scenes.Scenes);
        Engine.Load(Scenes.Scenes, time.GetUtcNow());
        await SceneWrites.WriteAsync();
        var after = Engine.Index.Interests();
        foreach (var deviceId in before.Keys.Union(after.Keys, StringComparer.Ordinal))
        {
            var wanted = after.GetValueOrDefault(deviceId) ?? DeviceInterest.None;
            if (!(before.GetValueOrDefault(deviceId) ?? DeviceInterest.None).SameAs(wanted))
            {
                try
                {
                    await GrainFactory.GetGrain<IDeviceGrain>(deviceId).WatchForScenes(HouseholdId, wanted);
                }
                catch (DeviceException ex)
                {
                    // Listed in the household but not registered (yet): the scene is saved all the same and watches it once it is.
                    logger.LogDebug("Household {Household}: device {Device} not told what scenes watch: {Reason}", HouseholdId, deviceId, ex.Message);
                }
            }
        }

        foreach (var (vehicleId, radii) in Engine.Index.GeofenceRadii())
        {
            await GrainFactory.GetGrain<IVehicleGrain>(vehicleId).ConfigureGeofence([.. VehicleDefaults.GeofenceRadiiKm.Union(radii)]);
        }

        ArmSceneTimer();
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
        var scene = candidate.Scene;
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
