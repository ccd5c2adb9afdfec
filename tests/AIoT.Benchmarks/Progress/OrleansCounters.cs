using System.Diagnostics.Metrics;

namespace AIoT.Benchmarks.Progress;

/// <summary>A few of Orleans' counters, read in-process, for the progress lines.</summary>
internal static class OrleansCounters
{
    private static readonly Dictionary<string, double> Values = new();
    private static readonly Lock Gate = new();
    private static readonly MeterListener Listener = Start();

    /// <summary>The latest value of each counter seen so far, as name=value pairs.</summary>
    public static string Line()
    {
        Listener.RecordObservableInstruments();
        lock (Gate)
        {
            return string.Join(" ", Values.Select(kv => $"{kv.Key.Replace("orleans-", "")}={kv.Value:N0}"));
        }
    }

    private static MeterListener Start()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Microsoft.Orleans" &&
                    instrument.Name is "orleans-catalog-activations" or "orleans-messaging-sent-messages" or "orleans-scheduler-long-running-turns" or "orleans-catalog-activation-working-set")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => Set(i.Name, v));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => Set(i.Name, v));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => Set(i.Name, v));
        listener.Start();
        return listener;
    }

    private static void Set(string name, double value)
    {
        lock (Gate)
        {
            Values[name] = value;
        }
    }
}
