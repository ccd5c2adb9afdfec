using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Runtime;
using AIoT.Ecosystem.Tests.Support;

namespace AIoT.Ecosystem.Tests.Runtime;

/// <summary>IDeviceObserver references made with CreateObjectReference, as the gateway and dashboards subscribe.</summary>
[Collection(EcosystemCollection.Name)]
public sealed class ObserverTests(EcosystemCluster cluster)
{
    private readonly IGrainFactory _grains = cluster.Grains;

    private async Task<IDeviceGrain> LampAsync()
    {
        var lamp = _grains.GetGrain<IDeviceGrain>(TestKeys.Unique("lamp"));
        await lamp.Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "living-room", "Ceiling"));
        return lamp;
    }

    [Fact]
    public async Task A_burst_of_reports_reaches_an_observer_in_report_order_until_it_unsubscribes()
    {
        var lamp = await LampAsync();
        var observer = new BrightnessObserver();
        var reference = _grains.CreateObjectReference<IDeviceObserver>(observer);
        await lamp.Subscribe(reference);

        for (var brightness = 1; brightness <= 100; brightness++)
        {
            await lamp.ReportProperties([new("light.brightness", PropertyValue.Of(brightness))]);
        }

        await observer.Heard(100).Within("100 brightness changes");
        Assert.Equal(Enumerable.Range(1, 100).Select(b => (long)b), observer.Values);

        // Notifications reach one observer in order: had it heard the change made while unsubscribed, that one would
        // come before the change made after it subscribed again.
        await lamp.Unsubscribe(reference);
        await lamp.ReportProperties([new("light.brightness", PropertyValue.Of(7))]);
        await lamp.Subscribe(reference);
        await lamp.ReportProperties([new("light.brightness", PropertyValue.Of(8))]);

        await observer.Heard(101).Within("the change after subscribing again");
        Assert.Equal([.. Enumerable.Range(1, 100).Select(b => (long)b), 8], observer.Values);
        _grains.DeleteObjectReference<IDeviceObserver>(reference);
    }

    [Fact]
    public async Task A_subscription_not_renewed_within_ten_minutes_of_silo_time_is_dropped()
    {
        var lamp = await LampAsync();
        var gone = new BrightnessObserver();
        var renewing = new BrightnessObserver();
        var goneReference = _grains.CreateObjectReference<IDeviceObserver>(gone);
        var renewingReference = _grains.CreateObjectReference<IDeviceObserver>(renewing);
        await lamp.Subscribe(goneReference);
        await lamp.Subscribe(renewingReference);

        cluster.Time.Advance((ObserverLists.Expiration / 2) + TimeSpan.FromMinutes(1));
        await lamp.Subscribe(renewingReference);
        cluster.Time.Advance(ObserverLists.Expiration / 2);
        await lamp.ReportProperties([new("light.brightness", PropertyValue.Of(60))]);

        await renewing.Heard(1).Within("the renewed observer to hear the change");

        // Subscribed again, the dropped observer hears the next change, and only that one (one observer's
        // notifications arrive in order, so a change it heard before would come first).
        await lamp.Subscribe(goneReference);
        await lamp.ReportProperties([new("light.brightness", PropertyValue.Of(61))]);
        await gone.Heard(1).Within("the observer subscribed again to hear the next change");
        Assert.Equal([61L], gone.Values);
        Assert.Equal([60L, 61L], renewing.Values);
    }

    private sealed class BrightnessObserver : IDeviceObserver
    {
        private readonly List<long> _values = [];
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

        public IReadOnlyList<long> Values
        {
            get
            {
                lock (_values)
                {
                    return [.. _values];
                }
            }
        }

        public Task Heard(int count)
        {
            lock (_values)
            {
                if (_values.Count >= count)
                {
                    return Task.CompletedTask;
                }

                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task;
            }
        }

        public void OnPropertiesChanged(string deviceId, IReadOnlyList<TwinProperty> changes, ChangeSource source)
        {
            lock (_values)
            {
                _values.AddRange(changes.Where(c => c.Alias == "light.brightness").Select(c => c.Value.AsLong()));
                foreach (var waiter in _waiters.Where(w => w.Count <= _values.Count).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
        }

        public void OnEvent(DeviceEventRecord deviceEvent)
        {
        }

        public void OnActionInvoked(string deviceId, string actionKey, IReadOnlyList<PropertyValue> inputs)
        {
        }

        public void OnOnlineChanged(string deviceId, bool online)
        {
        }
    }
}
