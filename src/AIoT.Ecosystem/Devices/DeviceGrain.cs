using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Catalog.Model;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Diagnostics;
using AIoT.Ecosystem.Households;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using AIoT.Ecosystem.Runtime;
using AIoT.Ecosystem.Totals;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Scenes.Engine;
using Orleans.Runtime;
using Orleans.Utilities;

namespace AIoT.Ecosystem.Devices;

[GrainType(EcosystemGrainTypes.Device)]
public sealed class DeviceGrain(
    [PersistentState(EcosystemGrainTypes.StateName)] IPersistentState<DeviceState> twin,
    TimeProvider time,
    ILogger<DeviceGrain> logger,
    IOptions<TwinStorageOptions> storage,
    IServiceProvider services) : Grain, IDeviceGrain
{
    private readonly DeviceCatalog _catalog = services.GetService<DeviceCatalog>() ?? DeviceCatalog.Default;
    private readonly IRegisteredDevices? _registrations = services.GetService<IRegisteredDevices>();
    private readonly TotalsReporter? _totals = services.GetService<TotalsReporter>();
    private readonly ObserverManager<IDeviceObserver> _observers = ObserverLists.Create<IDeviceObserver>(time, logger);
    private DeviceSpec? _spec;
    private HashSet<string>? _watched;
    private PropertyHistory? _history;
    private IGrainTimer? _flush;
    private bool _unwritten;

    private DeviceState State => twin.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var registration = _registrations is not null && (!twin.RecordExists || State.Online)
            ? await _registrations.FindRegistrationAsync(DeviceId)
            : null;
        if (!twin.RecordExists && registration is not null && _catalog.Find(registration.Model) is { } registered)
        {
            // Registered without a grain call (in bulk): the twin starts from its registration and is written with its first change.
            Register(registered, registration);
        }

        _spec = State.Model is null ? null : _catalog.Find(State.Model);
        if (State.Online && registration is not null)
        {
            // A device that connects from outside keeps its twin active while connected (the gateway renews its
            // subscription well within the collection age), so such a twin activating as online was left so by a stop
            // or a crash: only its next message brings it back. Simulated devices stay as they were.
            GoOffline();
            ScheduleFlush();
        }
        else if (State.Online && !State.CountedOnline && _totals is not null)
        {
            CountOnline(true);
            ScheduleFlush();
        }
    }

    public async Task Provision(DeviceRegistration registration)
    {
        var spec = _catalog.Find(registration.Model)
            ?? throw new DeviceException(MiotCodes.NotFound, $"Device model '{registration.Model}' is not in the catalog; see docs/devices.md.");
        if (State.Model is not null && State.Model != registration.Model)
        {
            throw new DeviceException(MiotCodes.DeviceIdError, $"Device {DeviceId} is already a {State.Model}; remove it before registering it as {registration.Model}.");
        }

        Register(spec, registration);
        await WriteAsync();
    }

    public Task<DeviceTwin> GetTwin()
    {
        var spec = Spec;
        return Task.FromResult(new DeviceTwin(
            DeviceId,
            spec.Model,
            spec.Type,
            State.HouseholdId,
            State.Room,
            State.Name,
            State.Online,
            State.LastSeen,
            [.. spec.Properties.Where(p => State.Values.ContainsKey(p.Key)).Select(ToTwin)]));
    }

    public Task<IReadOnlyList<TwinProperty>> GetHistory(string? key, int limit)
    {
        var spec = Spec;
        _history ??= new PropertyHistory(spec.Properties.Where(p => State.Values.ContainsKey(p.Key)).Select(ToTwin));
        return Task.FromResult(_history.Recent(key, Math.Clamp(limit, 1, PropertyHistory.Capacity)));
    }

    public Task<IReadOnlyList<PropertyResult>> GetProperties(IReadOnlyList<string> keys)
    {
        var spec = Spec;
        return Task.FromResult<IReadOnlyList<PropertyResult>>([.. keys.Select(key => spec.ResolveProperty(key) switch
        {
            null => new PropertyResult(key, MiotCodes.NotFound, null, $"{spec.Model} has no property '{key}'."),
            { IsReadable: false } p => new PropertyResult(p.Key, MiotCodes.PropertyNotReadable, null, $"{p.Alias} ({p.Key}) is not readable."),
            var p => new PropertyResult(p.Key, MiotCodes.Ok, State.Values[p.Key].Value, null),
        })]);
    }

    public async Task<IReadOnlyList<PropertyResult>> SetProperties(IReadOnlyList<PropertyWrite> writes)
    {
        var results = Apply(writes, PropertyUse.Set, ChangeSource.Command);
        EcosystemTelemetry.Commands.Add(1, EcosystemTelemetry.Tag("kind", "set"), EcosystemTelemetry.Tag("result", results.All(r => r.IsOk) ? "ok" : "refused"));
        if (results.Any(r => r.IsOk))
        {
            await WriteAsync();
        }

        return results;
    }

    public async Task SetProperty(string key, PropertyValue value)
    {
        var result = (await SetProperties([new PropertyWrite(key, value)]))[0];
        if (!result.IsOk)
        {
            throw new DeviceException(result.Code, $"Device {DeviceId}: {result.Error}");
        }
    }

    public Task<IReadOnlyList<PropertyResult>> ReportProperties(IReadOnlyList<PropertyWrite> reports)
    {
        Seen();
        var results = Apply(reports, PropertyUse.Report, ChangeSource.Device);
        var accepted = results.Count(r => r.IsOk);
        EcosystemTelemetry.PropertiesReported.Add(accepted, EcosystemTelemetry.Tag("result", "ok"));
        if (accepted < results.Count)
        {
            EcosystemTelemetry.PropertiesReported.Add(results.Count - accepted, EcosystemTelemetry.Tag("result", "refused"));
        }

        if (accepted > 0)
        {
            ScheduleFlush();
        }

        return Task.FromResult<IReadOnlyList<PropertyResult>>(results);
    }

    public async Task<ActionResult> InvokeAction(string key, IReadOnlyList<PropertyValue> inputs)
    {
        var result = await InvokeActionCoreAsync(key, inputs);
        EcosystemTelemetry.Commands.Add(1, EcosystemTelemetry.Tag("kind", "action"), EcosystemTelemetry.Tag("result", result.Code == MiotCodes.Ok ? "ok" : "refused"));
        return result;
    }

    private async Task<ActionResult> InvokeActionCoreAsync(string key, IReadOnlyList<PropertyValue> inputs)
    {
        var spec = Spec;
        var action = spec.ResolveAction(key);
        if (action is null)
        {
            return new ActionResult(key, MiotCodes.NotFound, [], $"{spec.Model} has no action '{key}'.");
        }

        if (inputs.Count != action.In.Count)
        {
            return new ActionResult(action.Key, MiotCodes.ActionParameterError, [], $"{action.Alias} ({action.Key}) takes {action.In.Count} input(s), got {inputs.Count}.");
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            var check = PropertyValueValidator.Check(spec.FindProperty(action.Siid, action.In[i])!, inputs[i], PropertyUse.Report);
            if (!check.IsOk)
            {
                return new ActionResult(action.Key, MiotCodes.ActionParameterError, [], $"{action.Alias} input {i + 1}: {check.Error}");
            }
        }

        _observers.Notify(o => o.OnActionInvoked(DeviceId, action.Key, inputs));
        var effects = SimulatedActionEffects.For(action.Alias, alias => spec.FindProperty(alias) is { } p ? State.Values[p.Key].Value : null);
        if (effects.Count > 0)
        {
            Apply(effects, PropertyUse.Report, ChangeSource.Device);
            await WriteAsync();
        }

        return new ActionResult(action.Key, MiotCodes.Ok, [], null);
    }

    public async Task RaiseEvent(string key, IReadOnlyList<PropertyValue> arguments)
    {
        var spec = Spec;
        var @event = spec.ResolveEvent(key) ?? throw new DeviceException(MiotCodes.NotFound, $"{spec.Model} has no event '{key}'.");
        if (arguments.Count != @event.Arguments.Count)
        {
            throw new DeviceException(MiotCodes.PropertyValueError, $"{@event.Alias} ({@event.Key}) carries {@event.Arguments.Count} argument(s), got {arguments.Count}.");
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            var check = PropertyValueValidator.Check(spec.FindProperty(@event.Siid, @event.Arguments[i])!, arguments[i], PropertyUse.Report);
            if (!check.IsOk)
            {
                throw new DeviceException(check.Code, $"{@event.Alias} argument {i + 1}: {check.Error}");
            }
        }

        Seen();
        EcosystemTelemetry.Events.Add(1);
        var record = new DeviceEventRecord(DeviceId, @event.Key, @event.Alias, arguments, time.GetUtcNow());
        _observers.Notify(o => o.OnEvent(record));
        if (State.HouseholdId is { } householdId)
        {
            if (State.SceneInterest?.Events.Contains(@event.Key) == true)
            {
                _ = GrainFactory.GetGrain<IHouseholdScenesGrain>(householdId).OnDeviceEvent(
                    DeviceId, @event.Key, [.. arguments.Select((a, i) => new PropertyChange($"{@event.Siid}.{@event.Arguments[i]}", null, SceneValues.ToScene(a)))]);
            }

            var household = GrainFactory.GetGrain<IHouseholdGrain>(householdId);
            if (DeviceAlerts.Opens(@event.Alias) is { } kind)
            {
                await household.RaiseAlert(new HouseholdAlert(DeviceId, kind, $"{@event.Description} at {State.Name} ({State.Room})", record.At));
            }
            else if (DeviceAlerts.Closes(@event.Alias))
            {
                await household.ClearAlerts(DeviceId);
            }
        }
    }

    public Task SetOnline(bool online)
    {
        _ = Spec;
        var was = State.Online;
        if (online)
        {
            Seen();
        }
        else if (was)
        {
            GoOffline();
        }

        if (was != online)
        {
            ScheduleFlush();
        }

        return Task.CompletedTask;
    }

    public async Task Decommission()
    {
        _flush?.Dispose();
        _flush = null;
        if (State.Online)
        {
            _observers.Notify(o => o.OnOnlineChanged(DeviceId, false));
        }

        CountOnline(false);

        await twin.ClearStateAsync();
        _watched = null;
        _unwritten = false;
        _spec = null;
        DeactivateOnIdle();
    }

    public async Task WatchForScenes(string householdId, DeviceInterest interest)
    {
        _ = Spec;
        if (State.HouseholdId != householdId)
        {
            throw new DeviceException(MiotCodes.DeviceIdError, $"Device {DeviceId} belongs to {State.HouseholdId ?? "no household"}, not {householdId}.");
        }

        State.SceneInterest = interest.IsEmpty ? null : interest;
        _watched = null;
        await WriteAsync();
    }

    public Task Subscribe(IDeviceObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IDeviceObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _unwritten && storage.Value.WritesOnDeactivation(reason) ? WriteAsync() : Task.CompletedTask;

    private string DeviceId => this.GetPrimaryKeyString();

    private HashSet<string> Watched => _watched ??= [.. State.SceneInterest?.Properties ?? []];

    private DeviceSpec Spec => _spec ?? NotRegistered();

    private DeviceSpec NotRegistered()
    {
        // Nothing to keep: the next call activates afresh and looks for a registration made since.
        DeactivateOnIdle();
        throw new DeviceException(MiotCodes.DeviceIdError, $"Device {DeviceId} is not registered; provision it first.");
    }

    /// <summary>Checks every item; applies the ones that pass; tells observers once about all that changed.</summary>
    private List<PropertyResult> Apply(IReadOnlyList<PropertyWrite> writes, PropertyUse use, ChangeSource source)
    {
        var spec = Spec;
        var now = time.GetUtcNow();
        var results = new List<PropertyResult>(writes.Count);
        var changed = new List<TwinProperty>();
        List<PropertyChange>? watchedChanges = null;
        foreach (var write in writes)
        {
            var property = spec.ResolveProperty(write.Key);
            if (property is null)
            {
                results.Add(new PropertyResult(write.Key, MiotCodes.NotFound, null, $"{spec.Model} has no property '{write.Key}'."));
                continue;
            }

            var check = PropertyValueValidator.Check(property, write.Value, use);
            if (!check.IsOk)
            {
                results.Add(new PropertyResult(property.Key, check.Code, null, check.Error));
                continue;
            }

            var stored = State.Values[property.Key];
            if (stored.Value != check.Value)
            {
                if (Watched.Contains(property.Key))
                {
                    (watchedChanges ??= []).Add(new PropertyChange(property.Key, SceneValues.ToScene(stored.Value), SceneValues.ToScene(check.Value)));
                }

                stored.Value = check.Value;
                stored.ChangedAt = now;
                changed.Add(ToTwin(property));
            }

            results.Add(new PropertyResult(property.Key, MiotCodes.Ok, check.Value, null));
        }

        if (changed.Count > 0)
        {
            _history?.Record(changed);
            _observers.Notify(o => o.OnPropertiesChanged(DeviceId, changed, source));
        }

        if (watchedChanges is not null && State.HouseholdId is { } householdId)
        {
            _ = GrainFactory.GetGrain<IHouseholdScenesGrain>(householdId).OnDeviceChanges(DeviceId, watchedChanges);
        }

        return results;
    }

    private TwinProperty ToTwin(PropertySpec property)
    {
        var stored = State.Values[property.Key];
        return new TwinProperty(property.Key, property.Alias, stored.Value, stored.ChangedAt);
    }

    private void Register(DeviceSpec spec, DeviceRegistration registration)
    {
        var now = time.GetUtcNow();
        _spec = spec;
        State.Model = spec.Model;
        State.HouseholdId = registration.HouseholdId;
        State.Room = registration.Room;
        State.Name = registration.Name;
        foreach (var property in spec.Properties.Where(p => !State.Values.ContainsKey(p.Key)))
        {
            State.Values[property.Key] = new StoredValue { Value = InitialValues.For(property, DeviceId, spec.Model), ChangedAt = now };
        }
    }

    private void GoOffline()
    {
        CountOnline(false);
        State.Online = false;
        _observers.Notify(o => o.OnOnlineChanged(DeviceId, false));
        if (State.HouseholdId is { } householdId)
        {
            _ = GrainFactory.GetGrain<IHouseholdGrain>(householdId).ReportDeviceOnline(DeviceId, false, State.LastSeen ?? time.GetUtcNow());
        }
    }

    private void Seen()
    {
        State.LastSeen = time.GetUtcNow();
        if (!State.Online)
        {
            State.Online = true;
            CountOnline(true);
            _observers.Notify(o => o.OnOnlineChanged(DeviceId, true));
            if (State.HouseholdId is { } householdId)
            {
                _ = GrainFactory.GetGrain<IHouseholdGrain>(householdId).ReportDeviceOnline(DeviceId, true, State.LastSeen.Value);
            }
        }
    }

    private void CountOnline(bool online)
    {
        if (_totals is not null && State.CountedOnline != online)
        {
            _totals.Add(EcosystemTotal.DevicesOnline, online ? 1 : -1);
            State.CountedOnline = online;
        }
    }

    /// <summary>Reports come often; they are written in one go a little later instead of one write each.</summary>
    private void ScheduleFlush()
    {
        _unwritten = true;
        _flush ??= this.RegisterGrainTimer(_ => FlushAsync(), storage.Value.TelemetryFlush, Timeout.InfiniteTimeSpan);
    }

    private Task FlushAsync()
    {
        _flush?.Dispose();
        _flush = null;
        return _unwritten ? WriteAsync() : Task.CompletedTask;
    }

    /// <summary>Every write goes here: what it wrote is no longer owed, and a write that failed stays owed (the next report or the deactivation retries it).</summary>
    private async Task WriteAsync()
    {
        await twin.WriteStateAsync();
        _unwritten = false;
    }
}
