using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AIoT.Host.Observability;

/// <summary>
/// Re-records the durations Orleans and the scene engine measure in milliseconds or microseconds as seconds, Prometheus'
/// base unit (promtool refuses a _milliseconds metric). A view cannot change an instrument's unit, so each such histogram
/// gets a twin in seconds with the same name and tags here, and <see cref="MetricViews"/> drops the original.
/// </summary>
internal sealed class SecondsHistograms : IDisposable
{
    public const string MeterName = "AIoT.Host.Seconds";

    /// <summary>The meters whose sub-second histograms are converted, and the factor from each unit to seconds.</summary>
    public static readonly IReadOnlySet<string> Meters = new HashSet<string>(StringComparer.Ordinal) { Telemetry.OrleansMeter, AIoT.Scenes.Diagnostics.SceneTelemetry.Name };

    private static readonly Dictionary<string, double> ToSeconds = new(StringComparer.Ordinal) { ["ms"] = 1e-3, ["us"] = 1e-6 };

    /// <summary>Bucket bounds in seconds, from half a millisecond (a grain call on this machine) to a call timeout.</summary>
    private static readonly double[] Bounds = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter = new(MeterName);
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, (Histogram<double> Seconds, double Factor)> _twins = new();

    public SecondsHistograms()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (IsConverted(instrument, out var factor))
            {
                var twin = _meter.CreateHistogram(
                    instrument.Name, "s", instrument.Description ?? $"{instrument.Name} from the {instrument.Meter.Name} meter, in seconds",
                    tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Bounds });
                _twins[instrument] = (twin, factor);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _twins.TryRemove(instrument, out (Histogram<double>, double) _);
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<float>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>A histogram of one of <see cref="Meters"/> measured in a unit smaller than the second.</summary>
    public static bool IsConverted(Instrument instrument, out double factor)
    {
        factor = 0;
        return instrument.GetType().IsGenericType
            && instrument.GetType().GetGenericTypeDefinition() == typeof(Histogram<>)
            && Meters.Contains(instrument.Meter.Name)
            && instrument.Unit is { } unit
            && ToSeconds.TryGetValue(unit, out factor);
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_twins.TryGetValue(instrument, out var twin))
        {
            twin.Seconds.Record(value * twin.Factor, tags);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meter.Dispose();
    }
}
