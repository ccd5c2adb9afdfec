using System.Collections.Concurrent;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Tests.Support;

/// <summary>A household made for a scene test: rooms, devices online, members; and an observer that hears its scenes land.</summary>
internal sealed class SceneHome : ISceneObserver
{
    public static readonly GeoPoint Location = new(31.2304, 121.4737);

    private readonly ConcurrentQueue<SceneFiring> _firings = new();
    private readonly ConcurrentQueue<SceneSkip> _skips = new();
    private TaskCompletionSource _landed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ISceneObserver? _reference;

    private SceneHome(IGrainFactory grains, string id)
    {
        Grains = grains;
        Id = id;
    }

    public IGrainFactory Grains { get; }

    public string Id { get; }

    public IHouseholdGrain Household => Grains.GetGrain<IHouseholdGrain>(Id);

    public IHouseholdScenesGrain Scenes => Grains.GetGrain<IHouseholdScenesGrain>(Id);

    public IReadOnlyCollection<SceneFiring> Firings => _firings;

    public IReadOnlyCollection<SceneSkip> Skips => _skips;

    public static async Task<SceneHome> CreateAsync(IGrainFactory grains, string name, params (string Suffix, string Model, string Room)[] devices)
    {
        var home = new SceneHome(grains, TestKeys.Unique(name));
        await home.Household.Create(new HouseholdSetup($"{name} home", Location, ["living-room", "bedroom-1", "bathroom", "kitchen"], "Shanghai"));
        foreach (var (suffix, model, room) in devices)
        {
            await home.AddDeviceAsync(suffix, model, room);
        }

        home._reference = grains.CreateObjectReference<ISceneObserver>(home);
        await home.Scenes.SubscribeScenes(home._reference);
        return home;
    }

    /// <summary>
    /// Moves the silo's clock in steps, renewing the observer between them: observer subscriptions expire after 10
    /// minutes on the silo's clock, as the gateway's do.
    /// </summary>
    public async Task AdvanceAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, TimeSpan by)
    {
        var step = TimeSpan.FromMinutes(9);
        for (var left = by; left > TimeSpan.Zero; left -= step)
        {
            time.Advance(left < step ? left : step);
            await Scenes.SubscribeScenes(_reference!);
        }
    }

    /// <summary>Observes a household made before, e.g. by a silo that has since restarted.</summary>
    public static async Task<SceneHome> AttachAsync(IGrainFactory grains, string householdId)
    {
        var home = new SceneHome(grains, householdId);
        home._reference = grains.CreateObjectReference<ISceneObserver>(home);
        await home.Scenes.SubscribeScenes(home._reference);
        return home;
    }

    public string DeviceId(string suffix) => $"{Id}-{suffix}";

    public IDeviceGrain Device(string suffix) => Grains.GetGrain<IDeviceGrain>(DeviceId(suffix));

    public async Task AddDeviceAsync(string suffix, string model, string room, bool online = true, string? owner = null)
    {
        var device = Device(suffix);
        await device.Provision(new DeviceRegistration(model, Id, room, suffix));
        await Household.AddDevices([new HouseholdDeviceEntry(DeviceId(suffix), model, room, suffix, owner)]);
        if (online)
        {
            await device.SetOnline(true);
        }
    }

    /// <summary>Adds a member with a routine; their id is the household's id and the suffix.</summary>
    public async Task<string> AddMemberAsync(string suffix, int age, TimeSpan bedTime, string? drives = null)
    {
        var personId = DeviceId(suffix);
        await Household.AddMember(personId, $"Member {suffix}");
        await Grains.GetGrain<AIoT.Ecosystem.People.IPersonGrain>(personId).SetProfile(
            new AIoT.Ecosystem.People.PersonProfile(age, TimeSpan.FromHours(8), TimeSpan.FromHours(18), bedTime, TimeSpan.FromHours(7), drives));
        return personId;
    }

    /// <summary>Installs the suggestion made from <paramref name="templateId"/> (the first, when several) and returns it.</summary>
    public async Task<SceneDefinition> InstallTemplateAsync(string templateId)
    {
        var suggested = (await Scenes.SuggestScenes()).Select(s => s.Suggestion).ToList();
        var suggestion = suggested.FirstOrDefault(s => s.TemplateId == templateId);
        Assert.True(suggestion is not null, $"no {templateId} suggested; suggested: {string.Join(", ", suggested.Select(s => s.TemplateId))}");
        await SaveAsync(suggestion.Scene);
        return suggestion.Scene;
    }

    /// <summary>Saves a scene and fails the test with every problem when it is refused.</summary>
    public async Task SaveAsync(SceneDefinition scene)
    {
        var result = await Scenes.SaveScene(scene);
        Assert.True(result.IsSaved, $"scene {scene.Id} refused: {string.Join("; ", result.Problems)}");
    }

    /// <summary>
    /// Runs <paramref name="act"/> and waits for the scene <paramref name="sceneId"/> to fire (or be skipped, when
    /// <paramref name="skipped"/>); a firing waiting on a delay counts only with <paramref name="waitingCounts"/>.
    /// </summary>
    public async Task<T> WaitForAsync<T>(string sceneId, Func<Task> act, bool skipped = false, bool waitingCounts = false)
        where T : class
    {
        bool Finished(SceneFiring firing) => waitingCounts || SceneHome.Finished(firing);
        var before = skipped ? _skips.Count(s => s.SceneId == sceneId) : _firings.Count(f => f.SceneId == sceneId && Finished(f));
        await act();
        while (true)
        {
            var landed = _landed.Task;
            var found = skipped
                ? _skips.Where(s => s.SceneId == sceneId).Skip(before).FirstOrDefault() as T
                : _firings.Where(f => f.SceneId == sceneId && Finished(f)).Skip(before).FirstOrDefault() as T;
            if (found is not null)
            {
                return found;
            }

            await landed.Within(() => $"scene {sceneId} to {(skipped ? "be skipped" : "fire")}; fired: [{string.Join(", ", _firings.Select(f => f.SceneId))}], skipped: [{string.Join("; ", _skips.Select(s => $"{s.SceneId}: {s.Reason}"))}]");
        }
    }

    /// <summary>Waits until <paramref name="count"/> firings have finished, whichever scenes they belong to.</summary>
    public async Task UntilFinishedFiringsAsync(int count)
    {
        while (true)
        {
            var landed = _landed.Task;
            if (_firings.Count(SceneHome.Finished) >= count)
            {
                return;
            }

            await landed.Within(() => $"{count} finished firings; fired: [{string.Join(", ", _firings.Select(f => f.SceneId))}]");
        }
    }

    public IReadOnlyList<SceneWait> Waiting { get; private set; } = [];

    /// <summary>Waits until the household's scenes wait (or, with <paramref name="present"/> false, no longer wait) on something of <paramref name="kind"/> for the scene.</summary>
    public async Task UntilWaitingAsync(string sceneId, string kind, bool present = true)
    {
        while (true)
        {
            var landed = _landed.Task;
            if (Waiting.Any(w => w.SceneId == sceneId && w.Kind == kind) == present)
            {
                // A call after the turn that armed the household's timer: Orleans starts a grain timer on the
                // activation's own queue, so once this answers the timer counts from the time it was armed at.
                await Scenes.GetSceneActivity();
                return;
            }

            await landed.Within(() => $"scene {sceneId} {(present ? "to" : "to stop to")} wait on {kind}; waiting: [{string.Join("; ", Waiting.Select(w => $"{w.SceneId} {w.Kind} {w.What}"))}]");
        }
    }

    public void OnScenesWaiting(string householdId, IReadOnlyList<SceneWait> waiting)
    {
        Waiting = waiting;
        Interlocked.Exchange(ref _landed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public void OnSceneFired(string householdId, SceneFiring firing)
    {
        _firings.Enqueue(firing);
        Interlocked.Exchange(ref _landed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public void OnSceneSkipped(string householdId, SceneSkip skip)
    {
        _skips.Enqueue(skip);
        Interlocked.Exchange(ref _landed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private static bool Finished(SceneFiring firing) => firing.Outcomes.Count == 0 || firing.Outcomes[^1].Status != ActionStatus.Waiting;
}
