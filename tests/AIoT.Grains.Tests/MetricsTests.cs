using System.Diagnostics.Metrics;
using AIoT.Grains.Diagnostics;
using AIoT.Grains.Tests.Grains;
using AIoT.Grains.Tests.Support;

namespace AIoT.Grains.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Calls_and_activations_are_counted_on_the_runtime_meter()
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GrainMetricNames.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counts.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();

        await using var silo = await TestSilo.StartAsync();
        var grains = Enumerable.Range(0, 10).Select(i => silo.GrainFactory.GetGrain<ICounterGrain>($"metered-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await grain.Increment();
            await grain.Increment();
        }

        Assert.True(counts.GetValueOrDefault(GrainMetricNames.Calls) >= 20);
        Assert.True(counts.GetValueOrDefault(GrainMetricNames.ActivationsCreated) >= 10);
    }
}
