using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Scenes.Diagnostics;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Tests.Scenes;

/// <summary>Operators see scenes through OpenTelemetry: a span per firing with its trigger, chain and actions; counters for what the engine did.</summary>
[Collection(EcosystemCollection.Name)]
public sealed class SceneTelemetryTests(EcosystemCluster cluster) : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentDictionary<string, long> _counters = new();
    private readonly ActivityListener _activities = new();
    private readonly MeterListener _meters = new();

    [Fact]
    public async Task A_firing_is_a_span_with_its_trigger_conditions_and_each_action_and_is_counted()
    {
        Listen();
        var home = await SceneHome.CreateAsync(cluster.Grains, "otel", ("light", "yeelink.light.ceiling22", "living-room"));
        await home.SaveAsync(new SceneDefinition(
            "away-lights",
            "Away: lights off",
            [new ModeTrigger { To = "away" }],
            new ModeCondition(["away"]),
            [new SetAction(home.DeviceId("light"), [new PropertySetting("light.on", SceneValue.Of(false))]), new NotifyAction("Lights off")]));

        await home.WaitForAsync<SceneFiring>("away-lights", () => home.Household.SetMode(HouseholdMode.Away));
        _meters.RecordObservableInstruments();

        var span = Assert.Single(_spans, s => (string?)s.GetTagItem("aiot.household") == home.Id);
        Assert.Equal("scene away-lights", span.DisplayName);
        Assert.Equal("mode home -> away", span.GetTagItem("aiot.scene.trigger"));
        Assert.Equal("away-lights", span.GetTagItem("aiot.scene.chain"));
        Assert.Equal("mode in [away]: true", span.GetTagItem("aiot.scene.conditions"));
        Assert.Equal(2, span.Events.Count(e => e.Name.StartsWith("action ", StringComparison.Ordinal)));
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
        Assert.True(_counters.GetValueOrDefault("aiot.scenes.firings") >= 1);
        Assert.True(_counters.GetValueOrDefault("aiot.scenes.evaluations") >= 1);
        Assert.True(_counters.GetValueOrDefault("aiot.scenes.trigger_evaluations") >= 1);
    }

    private void Listen()
    {
        _activities.ShouldListenTo = source => source.Name == SceneTelemetry.Name;
        _activities.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _activities.ActivityStopped = _spans.Enqueue;
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SceneTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => _counters.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        _meters.Start();
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }
}
