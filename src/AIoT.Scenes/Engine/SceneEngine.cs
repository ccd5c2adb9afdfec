using AIoT.Scenes.Diagnostics;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;

namespace AIoT.Scenes.Engine;

/// <summary>
/// One household's scenes at run time: the trigger index, what each scene waits for (the agenda), and each scene's
/// recent firings for cooldowns and the loop breaker. Pure and single-threaded: the household grain owns it, feeds it
/// changes and runs what it returns.
/// </summary>
public sealed class SceneEngine
{
    /// <summary>A scene found this often in the chain of scenes behind its own trigger is in a loop.</summary>
    public const int MaxRepeatsInChain = 2;

    private readonly Dictionary<string, SceneDefinition> _scenes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SceneRuntime> _runtime = new(StringComparer.Ordinal);
    private readonly SceneAgenda _agenda = new();
    private SceneIndex _index = new([]);

    // Holds for a while waiting in the agenda; while there are none, a change that leaves a 'for' trigger's state
    // need not build the hold's key to look for one.
    private int _holdsWaiting;

    public SceneEngine(SceneClock clock) => Clock = clock;

    public SceneClock Clock { get; set; }

    public SceneIndex Index => _index;

    public IReadOnlyCollection<SceneDefinition> Scenes => _scenes.Values;

    public DateTimeOffset? NextDue => _agenda.NextDue;

    /// <summary>Changes whenever what the scenes wait for changes.</summary>
    public long WaitingVersion => _agenda.Version;

    /// <summary>What the scenes wait for, soonest first.</summary>
    public IReadOnlyList<SceneWait> Waiting() =>
    [
        .. _agenda.Entries.Select(e => e.Item switch
        {
            TimedItem t => new SceneWait(t.SceneId, "time", t.Trigger is TimeTrigger time ? $"time {time.At}" : $"every {Durations.Format(((ScheduleTrigger)t.Trigger).Every)}", e.At),
            HeldItem h => new SceneWait(h.SceneId, "hold", h.Trigger, e.At),
            DebouncedItem d => new SceneWait(d.SceneId, "debounce", d.Trigger, e.At),
            PendingRun r => new SceneWait(r.Scene.Id, "delay", $"action {r.NextAction} after a delay", e.At),
            _ => new SceneWait("", "unknown", e.Key, e.At),
        }),
    ];

    public SceneDefinition? Find(string sceneId) => _scenes.GetValueOrDefault(sceneId);

    /// <summary>Until when a scene is stopped by the loop breaker; null when it is not.</summary>
    public DateTimeOffset? StoppedUntil(string sceneId, DateTimeOffset now) =>
        _runtime.TryGetValue(sceneId, out var runtime) && runtime.StoppedUntil > now ? runtime.StoppedUntil : null;

    public DateTimeOffset? LastFired(string sceneId) => _runtime.TryGetValue(sceneId, out var runtime) ? runtime.LastFired : null;

    /// <summary>Takes the household's scenes (all of them, as saved); the run-time state of unchanged scenes is kept.</summary>
    public void Load(IEnumerable<SceneDefinition> scenes, DateTimeOffset now)
    {
        var previous = new Dictionary<string, SceneDefinition>(_scenes, StringComparer.Ordinal);
        _scenes.Clear();
        foreach (var scene in scenes)
        {
            _scenes[scene.Id] = scene;
        }

        foreach (var (id, old) in previous)
        {
            if (!_scenes.TryGetValue(id, out var current) || !ReferenceEquals(current, old))
            {
                _agenda.RemoveWhere(key => key.StartsWith(id + "|", StringComparison.Ordinal) && !key.EndsWith("|run", StringComparison.Ordinal));
                if (current is null)
                {
                    _runtime.Remove(id);
                    _agenda.Remove(id + "|run");
                }
            }
        }

        _holdsWaiting = CountHolds();
        _index = new SceneIndex(_scenes.Values.Where(s => s.Enabled));
        foreach (var (scene, trigger) in _index.Timed)
        {
            var key = TimedKey(scene, trigger);
            if (!_agenda.Contains(key) && NextOccurrence(trigger, now) is { } at)
            {
                _agenda.Set(key, at, new TimedItem(scene.Id, trigger));
            }
        }
    }

    public List<SceneCandidate> OnPropertyChanges(string deviceId, IReadOnlyList<PropertyChange> changes, SceneChain chain, DateTimeOffset now)
    {
        var candidates = new List<SceneCandidate>();
        var evaluated = 0;
        for (var c = 0; c < changes.Count; c++)
        {
            var change = changes[c];
            var triggers = _index.PropertyTriggers(deviceId, change.Key);
            evaluated += triggers.Count;
            for (var i = 0; i < triggers.Count; i++)
            {
                var (scene, trigger) = triggers[i];
                var holds = trigger.For > TimeSpan.Zero;
                if (TriggerMatch.Fires(trigger, change))
                {
                    var description = $"{deviceId} {change.Key} {change.Old?.ToString() ?? "?"} -> {change.New}";
                    var holdKey = holds ? HoldKey(scene, trigger, deviceId, change.Key) : null;
                    if (holdKey is null)
                    {
                        Offer(scene, description, chain, now, candidates);
                    }
                    else if (!_agenda.Contains(holdKey))
                    {
                        _agenda.Set(holdKey, now + trigger.For, new HeldItem(scene.Id, $"{description} for {Durations.Format(trigger.For)}", chain));
                        _holdsWaiting++;
                    }
                }
                else if (holds && _holdsWaiting > 0 && !TriggerMatch.Holds(trigger, change.New) && _agenda.Remove(HoldKey(scene, trigger, deviceId, change.Key)))
                {
                    _holdsWaiting--;
                }
            }
        }

        // One addition per call rather than per change: with a listener attached, each addition is a callback.
        SceneTelemetry.TriggerEvaluations.Add(evaluated);
        return candidates;
    }

    public List<SceneCandidate> OnEvent(string deviceId, string eventKey, IReadOnlyList<(string Key, SceneValue Value)> arguments, SceneChain chain, DateTimeOffset now)
    {
        var candidates = new List<SceneCandidate>();
        var triggers = _index.EventTriggers(deviceId, eventKey);
        SceneTelemetry.TriggerEvaluations.Add(triggers.Count);
        foreach (var (scene, trigger) in triggers)
        {
            if (TriggerMatch.Fires(trigger, arguments))
            {
                Offer(scene, $"{deviceId} event {eventKey}", chain, now, candidates);
            }
        }

        return candidates;
    }

    public List<SceneCandidate> OnPresence(string personId, Whereabouts? from, Whereabouts to, SceneChain chain, DateTimeOffset now)
    {
        var candidates = new List<SceneCandidate>();
        SceneTelemetry.TriggerEvaluations.Add(_index.Presence.Count);
        foreach (var (scene, trigger) in _index.Presence)
        {
            if (TriggerMatch.Fires(trigger, personId, from, to))
            {
                Offer(scene, $"{personId} {(from is { } f ? Names.Of(f) : "?")} -> {Names.Of(to)}", chain, now, candidates);
            }
        }

        return candidates;
    }

    public List<SceneCandidate> OnGeofence(string vehicleId, GeofenceEdge edge, double radiusKm, SceneChain chain, DateTimeOffset now)
    {
        var candidates = new List<SceneCandidate>();
        SceneTelemetry.TriggerEvaluations.Add(_index.Vehicles.Count);
        foreach (var (scene, trigger) in _index.Vehicles)
        {
            if (TriggerMatch.Fires(trigger, vehicleId, edge, radiusKm))
            {
                Offer(scene, $"{vehicleId} {Names.Of(edge)} {radiusKm} km", chain, now, candidates);
            }
        }

        return candidates;
    }

    public List<SceneCandidate> OnModeChanged(string from, string to, SceneChain chain, DateTimeOffset now)
    {
        var candidates = new List<SceneCandidate>();
        SceneTelemetry.TriggerEvaluations.Add(_index.Modes.Count);
        foreach (var (scene, trigger) in _index.Modes)
        {
            if (TriggerMatch.Fires(trigger, from, to))
            {
                Offer(scene, $"mode {from} -> {to}", chain, now, candidates);
            }
        }

        return candidates;
    }

    /// <summary>Everything due by <paramref name="now"/>: scenes to check, and delayed actions to resume.</summary>
    public (List<SceneCandidate> Candidates, List<PendingRun> Resumed) OnTick(DateTimeOffset now)
    {
        var candidates = new List<SceneCandidate>();
        var resumed = new List<PendingRun>();
        foreach (var (key, _, item) in _agenda.TakeDue(now))
        {
            switch (item)
            {
                case TimedItem timed when _scenes.TryGetValue(timed.SceneId, out var scene):
                    candidates.Add(new SceneCandidate(scene, timed.Trigger is TimeTrigger t ? $"time {t.At}" : $"every {Durations.Format(((ScheduleTrigger)timed.Trigger).Every)}", SceneChain.Empty));
                    if (NextOccurrence(timed.Trigger, now) is { } next)
                    {
                        _agenda.Set(key, next, timed);
                    }

                    break;
                case HeldItem held when _scenes.TryGetValue(held.SceneId, out var scene):
                    candidates.Add(new SceneCandidate(scene, held.Trigger, held.Chain));
                    break;
                case DebouncedItem debounced when _scenes.TryGetValue(debounced.SceneId, out var scene):
                    candidates.Add(new SceneCandidate(scene, $"{debounced.Trigger} (after {Durations.Format(scene.Debounce)} quiet)", debounced.Chain));
                    break;
                case PendingRun run when _scenes.ContainsKey(run.Scene.Id):
                    resumed.Add(run);
                    break;
            }
        }

        _holdsWaiting = CountHolds();
        return (candidates, resumed);
    }

    /// <summary>Decides whether a scene whose conditions hold runs now: enabled, out of its cooldown, and not in a loop.</summary>
    public Admission Admit(SceneCandidate candidate, DateTimeOffset now)
    {
        var scene = candidate.Scene;
        if (!scene.Enabled)
        {
            return Admission.Refuse("disabled");
        }

        var runtime = Runtime(scene.Id);
        if (runtime.StoppedUntil > now)
        {
            return Admission.Refuse($"stopped by the loop breaker until {runtime.StoppedUntil:O}");
        }

        if (candidate.Chain.Count(scene.Id) >= MaxRepeatsInChain)
        {
            runtime.StoppedUntil = now + scene.Limit.Window;
            return Admission.Loop($"{candidate.Chain}{SceneChain.Separator}{scene.Id}: the scene retriggered itself {MaxRepeatsInChain} times through its own actions");
        }

        if (runtime.LastFired is { } last && scene.Cooldown > TimeSpan.Zero && now - last < scene.Cooldown)
        {
            return Admission.Refuse($"cooling down until {last + scene.Cooldown:O}");
        }

        while (runtime.Firings.Count > 0 && now - runtime.Firings.Peek() >= scene.Limit.Window)
        {
            runtime.Firings.Dequeue();
        }

        if (runtime.Firings.Count >= scene.Limit.Firings)
        {
            runtime.StoppedUntil = runtime.Firings.Peek() + scene.Limit.Window;
            return Admission.Loop($"{(candidate.Chain.Scenes.Count == 0 ? "" : $"{candidate.Chain}{SceneChain.Separator}")}{scene.Id}: {scene.Limit.Firings} firings within {Durations.Format(scene.Limit.Window)}");
        }

        runtime.Firings.Enqueue(now);
        runtime.LastFired = now;
        return Admission.Run;
    }

    /// <summary>Continues a firing's actions after its delay.</summary>
    public void Resume(PendingRun run, DateTimeOffset at) => _agenda.Set($"{run.Scene.Id}|run", at, run);

    private void Offer(SceneDefinition scene, string trigger, SceneChain chain, DateTimeOffset now, List<SceneCandidate> candidates)
    {
        if (scene.Debounce > TimeSpan.Zero)
        {
            _agenda.Set($"{scene.Id}|debounce", now + scene.Debounce, new DebouncedItem(scene.Id, trigger, chain));
            return;
        }

        candidates.Add(new SceneCandidate(scene, trigger, chain));
    }

    private DateTimeOffset? NextOccurrence(SceneTrigger trigger, DateTimeOffset after) => trigger switch
    {
        TimeTrigger t => Clock.Next(t.At, t.Days, after),
        ScheduleTrigger s => Clock.NextTick(s.Every, s.Days, after),
        _ => null,
    };

    private SceneRuntime Runtime(string sceneId)
    {
        if (!_runtime.TryGetValue(sceneId, out var runtime))
        {
            _runtime[sceneId] = runtime = new SceneRuntime();
        }

        return runtime;
    }

    private static int IndexOf(SceneDefinition scene, SceneTrigger trigger)
    {
        for (var i = 0; i < scene.Triggers.Count; i++)
        {
            if (ReferenceEquals(scene.Triggers[i], trigger))
            {
                return i;
            }
        }

        return -1;
    }

    private int CountHolds() => _agenda.Entries.Count(e => e.Item is HeldItem);

    private static string HoldKey(SceneDefinition scene, PropertyTrigger trigger, string deviceId, string key) =>
        $"{scene.Id}|hold|{deviceId}|{key}|{IndexOf(scene, trigger)}";

    private static string TimedKey(SceneDefinition scene, SceneTrigger trigger) => $"{scene.Id}|timed|{IndexOf(scene, trigger)}";

    private sealed class SceneRuntime
    {
        public Queue<DateTimeOffset> Firings { get; } = new();

        public DateTimeOffset? LastFired { get; set; }

        public DateTimeOffset StoppedUntil { get; set; }
    }

    private sealed record TimedItem(string SceneId, SceneTrigger Trigger);

    private sealed record HeldItem(string SceneId, string Trigger, SceneChain Chain);

    private sealed record DebouncedItem(string SceneId, string Trigger, SceneChain Chain);
}

/// <summary>Whether a scene runs, and if not, why; <see cref="LoopStopped"/> when the loop breaker stopped it.</summary>
public sealed record Admission(bool Runs, string? Reason, bool LoopStopped)
{
    public static readonly Admission Run = new(true, null, false);

    public static Admission Refuse(string reason) => new(false, reason, false);

    public static Admission Loop(string chain) => new(false, chain, true);
}
