using System.Diagnostics.Metrics;

namespace AIoT.Benchmarks.Progress;

/// <summary>
/// Grain state writes as Orleans counts them, whatever the provider: one measurement of orleans-storage-write-latency
/// (in ms) per completed WriteStateAsync, and orleans-storage-write-errors per failed one.
/// </summary>
internal sealed class StorageWrites : IDisposable
{
    private readonly MeterListener _listener;
    private readonly List<double> _latencies = new(1 << 20);
    private readonly Lock _gate = new();
    private long _writes;
    private long _errors;

    public StorageWrites()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Microsoft.Orleans" && instrument.Name is "orleans-storage-write-latency" or "orleans-storage-write-errors")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((i, v, _, _) => Record(i.Name, v));
        _listener.SetMeasurementEventCallback<long>((i, v, _, _) => Record(i.Name, v));
        _listener.SetMeasurementEventCallback<int>((i, v, _, _) => Record(i.Name, v));
        _listener.Start();
    }

    public long Writes => Interlocked.Read(ref _writes);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The write latencies recorded so far, in ms, sorted.</summary>
    public List<double> SortedLatencies()
    {
        lock (_gate)
        {
            return [.. _latencies.Order()];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(string name, double value)
    {
        if (name == "orleans-storage-write-errors")
        {
            Interlocked.Add(ref _errors, (long)value);
            return;
        }

        Interlocked.Increment(ref _writes);
        lock (_gate)
        {
            _latencies.Add(value);
        }
    }
}
