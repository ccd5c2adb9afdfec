using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace AIoT.Host.Observability;

/// <summary>
/// The one view over every instrument, so that the scrape passes promtool's checks: every metric has help text (Orleans'
/// instruments have none), durations are in seconds (<see cref="SecondsHistograms"/>), and no gauge ends in _count
/// (Prometheus keeps that suffix for histograms). One view, because each matching view makes a stream of its own.
/// </summary>
internal static class MetricViews
{
    /// <summary>The runtime's gauges whose semantic-convention names end in .count, and the names they are exported under.</summary>
    public static readonly IReadOnlyDictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.timer.count"] = "dotnet.timers",
    };

    public static MetricStreamConfiguration? For(Instrument instrument)
    {
        if (SecondsHistograms.IsConverted(instrument, out _))
        {
            return MetricStreamConfiguration.Drop;
        }

        // Orleans measures memory in megabytes, and the runtime's dotnet.process.memory.working_set and dotnet.gc.* cover it in bytes.
        if (instrument.Meter.Name == Telemetry.OrleansMeter && instrument.Unit == "MB")
        {
            return MetricStreamConfiguration.Drop;
        }

        var renamed = Renamed.GetValueOrDefault(instrument.Name);
        var description = string.IsNullOrEmpty(instrument.Description) ? $"{instrument.Name} from the {instrument.Meter.Name} meter" : null;
        return renamed is null && description is null ? null : new MetricStreamConfiguration { Name = renamed, Description = description ?? instrument.Description };
    }
}
