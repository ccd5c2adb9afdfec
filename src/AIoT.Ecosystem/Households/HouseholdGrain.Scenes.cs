using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Ecosystem.Runtime;
using AIoT.Ecosystem.Vehicles;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Templates;
using AIoT.Scenes.Validation;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace AIoT.Ecosystem.Households;

/// <summary>The household's scenes: saved in its "scenes" state, checked, listed, changed and suggested; how they run is in HouseholdGrain.SceneRuns.cs.</summary>
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
    private IGrainTimer? _sceneTimer;
    private DateTimeOffset? _sceneTimerDue;
    private long _waitingNotified;

    private HouseholdScenesState Scenes => scenes.State;

    private HouseholdSceneWorld World => _sceneWorld ??= new HouseholdSceneWorld(State, GrainFactory);

    private SceneEngine Engine
    {
        get
        {
            if (_sceneEngine is null)
            {
                // As read from storage, every string and list of the scenes is a copy of its own; shared, they take half.
                _sceneEngine = new SceneEngine(World.Clock);
                _sceneEngine.Load(SceneCompactor.Compact(Scenes.Scenes, OwnIds()).Select(SceneCompactor.ForEngine), time.GetUtcNow());
                ColdScenes();
            }

            return _sceneEngine;
        }
    }

    private void ResumeScenes()
    {
        if (Scenes.Scenes.Count > 0)
        {
            ArmSceneTimer();
        }
    }

    public Task<SceneSaveResult> CheckScene(SceneDefinition scene) => Task.FromResult(Check(scene));

    public async Task<SceneSaveResult> SaveScene(SceneDefinition scene)
    {
        var result = Check(scene);
        if (!result.IsSaved)
        {
            return result;
        }

        var saved = result.Saved!;
        var replaced = false;
        await ChangeScenesAsync(list =>
        {
            var index = list.FindIndex(s => s.Id == saved.Id);
            replaced = index >= 0;
            if (replaced)
            {
                list[index] = saved;
            }
            else
            {
                list.Add(saved);
            }

            return true;
        });
        logger.LogInformation("Household {Household}: scene {Scene} ({Name}) {Verb}", HouseholdId, saved.Id, saved.Name, replaced ? "replaced" : "added");
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
                foreach (var saved in results.Select(r => r.Saved!))
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

                return true;
            });
        }

        return new SceneSaveResults(results);
    }

    public async Task<IReadOnlyList<SceneStatus>> ListScenes()
    {
        var stored = Engine.Scenes.Count == 0 ? [] : await StoredScenesAsync();
        var now = time.GetUtcNow();
        return [.. stored.Select(s => new SceneStatus(s, Engine.LastFired(s.Id), Engine.StoppedUntil(s.Id, now)))];
    }

    public async Task<bool> SetSceneEnabled(string sceneId, bool enabled)
    {
        var found = false;
        await ChangeScenesAsync(list =>
        {
            var index = list.FindIndex(s => s.Id == sceneId);
            found = index >= 0;
            if (!found || list[index].Enabled == enabled)
            {
                return false;
            }

            list[index] = list[index] with { Enabled = enabled };
            return true;
        });
        return found;
    }

    public async Task<bool> RemoveScene(string sceneId)
    {
        var found = false;
        await ChangeScenesAsync(list =>
        {
            var index = list.FindIndex(s => s.Id == sceneId);
            found = index >= 0;
            if (found)
            {
                list.RemoveAt(index);
            }

            return found;
        });
        return found;
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
        return [.. SceneSuggester.Suggest(profile).Select(s => new SuggestedScene(s, Engine.Find(s.Scene.Id) is not null))];
    }

    public async Task<SceneSaveResult?> AcceptSuggestion(string sceneId)
    {
        var suggestion = (await SuggestScenes()).FirstOrDefault(s => s.Suggestion.Scene.Id == sceneId);
        return suggestion is null ? null : await SaveScene(suggestion.Suggestion.Scene);
    }

    private IEnumerable<string> OwnIds() => State.Devices.Keys.Concat(State.Members).Concat(State.Vehicles);

    private SceneSaveResult Check(SceneDefinition scene)
    {
        var others = Engine.Scenes.Select(s => s.Id).Where(id => id != scene.Id).ToList();
        var (normalised, problems) = SceneValidator.Validate(scene, new CatalogSceneVocabulary(State, _catalog), others);
        return new SceneSaveResult(problems.Count == 0 ? normalised : null, problems);
    }

    /// <summary>Each scene checked as one of a set saved together: the others' ids count as existing scenes.</summary>
    private List<SceneSaveResult> Check(IReadOnlyList<SceneDefinition> many)
    {
        var results = new List<SceneSaveResult>(many.Count);
        var ids = Engine.Scenes.Select(s => s.Id).Concat(many.Select(s => s.Id)).ToHashSet(StringComparer.Ordinal);
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

    /// <summary>
    /// Changes the stored scene list (read fresh, so a change made meanwhile is kept), writes it if
    /// <paramref name="change"/> says it changed, loads the engine, and tells devices and vehicles what the scenes now watch.
    /// </summary>
    private async Task ChangeScenesAsync(Func<List<SceneDefinition>, bool> change)
    {
        var before = Engine.Index.Interests();
        var changed = await WithStoredScenesAsync(stored =>
        {
            var unchanged = stored.Scenes.ToHashSet(ReferenceEqualityComparer.Instance);
            if (!change(stored.Scenes))
            {
                return (false, false);
            }

            // Unchanged scenes keep the engine's instance, and with it what they wait for (holds, debounces, delays).
            var compactor = new SceneCompactor(OwnIds());
            Engine.Load(stored.Scenes.Select(s => (unchanged.Contains(s) ? Engine.Find(s.Id) : null) ?? SceneCompactor.ForEngine(compactor.Compact(s))).ToList(), time.GetUtcNow());
            return (true, true);
        });
        if (!changed)
        {
            return;
        }

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
}
