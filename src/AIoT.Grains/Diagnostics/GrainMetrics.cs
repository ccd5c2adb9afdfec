using System.Diagnostics.Metrics;
using static AIoT.Grains.Diagnostics.GrainMetricNames;

namespace AIoT.Grains.Diagnostics;

internal sealed class GrainMetrics : IDisposable
{
    private readonly Meter _meter;

    public GrainMetrics(Func<long> activeCount, Func<long> queuedCount)
    {
        _meter = new Meter(MeterName);
        _meter.CreateObservableUpDownCounter(Activations, activeCount, "{activation}", "Grain activations in memory");
        _meter.CreateObservableUpDownCounter(QueuedRequests, queuedCount, "{request}", "Requests waiting for their grain's turn");
        Created = _meter.CreateCounter<long>(ActivationsCreated, "{activation}", "Activations created");
        FailedActivations = _meter.CreateCounter<long>(ActivationsFailed, "{activation}", "Activations whose state read or OnActivateAsync failed");
        Deactivated = _meter.CreateCounter<long>(Collections, "{activation}", "Activations deactivated");
        CallCount = _meter.CreateCounter<long>(Calls, "{call}", "Grain calls made");
        FailedCalls = _meter.CreateCounter<long>(CallsFailed, "{call}", "Grain calls that ended in an exception");
        TimedOutCalls = _meter.CreateCounter<long>(CallTimeouts, "{call}", "Grain calls that timed out");
        Duration = _meter.CreateHistogram<double>(CallDuration, "ms", "Time from a queued call to its answer");
    }

    public Counter<long> Created { get; }

    public Counter<long> FailedActivations { get; }

    public Counter<long> Deactivated { get; }

    public Counter<long> CallCount { get; }

    public Counter<long> FailedCalls { get; }

    public Counter<long> TimedOutCalls { get; }

    public Histogram<double> Duration { get; }

    public void Dispose() => _meter.Dispose();
}
