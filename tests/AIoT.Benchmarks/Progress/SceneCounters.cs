using System.Diagnostics.Metrics;
using AIoT.Scenes.Diagnostics;

namespace AIoT.Benchmarks.Progress;

/// <summary>The scene engine's counters, summed in-process as the engine adds to them.</summary>
internal sealed class SceneCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _triggerEvaluations;
    private long _conditionEvaluations;
    private long _firings;
    private long _skipped;
    private long _loopsStopped;

    public SceneCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SceneTelemetry.Name && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "aiot.scenes.trigger_evaluations": Interlocked.Add(ref _triggerEvaluations, value); break;
                case "aiot.scenes.evaluations": Interlocked.Add(ref _conditionEvaluations, value); break;
                case "aiot.scenes.firings": Interlocked.Add(ref _firings, value); break;
                case "aiot.scenes.skipped": Interlocked.Add(ref _skipped, value); break;
                case "aiot.scenes.loops_stopped": Interlocked.Add(ref _loopsStopped, value); break;
            }
        });
        _listener.Start();
    }

    public long TriggerEvaluations => Interlocked.Read(ref _triggerEvaluations);

    public Snapshot Read() => new(TriggerEvaluations, Interlocked.Read(ref _conditionEvaluations), Interlocked.Read(ref _firings), Interlocked.Read(ref _skipped), Interlocked.Read(ref _loopsStopped));

    public void Dispose() => _listener.Dispose();

    public readonly record struct Snapshot(long TriggerEvaluations, long ConditionEvaluations, long Firings, long Skipped, long LoopsStopped)
    {
        public static Snapshot operator -(Snapshot a, Snapshot b) => new(
            a.TriggerEvaluations - b.TriggerEvaluations, a.ConditionEvaluations - b.ConditionEvaluations, a.Firings - b.Firings, a.Skipped - b.Skipped, a.LoopsStopped - b.LoopsStopped);
    }
}
