using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AIoT.Scenes.Diagnostics;

/// <summary>The scene engine's metrics and traces: one span per firing, counters for what the engine did.</summary>
public static class SceneTelemetry
{
    public const string Name = "AIoT.Scenes";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Triggers looked up by a change and tested against it.</summary>
    public static readonly Counter<long> TriggerEvaluations = Meter.CreateCounter<long>("aiot.scenes.trigger_evaluations", description: "Scene triggers tested against a change (only the triggers the index found for it)");

    public static readonly Counter<long> ConditionEvaluations = Meter.CreateCounter<long>("aiot.scenes.evaluations", description: "Scenes whose trigger fired and whose conditions were checked");

    public static readonly Counter<long> Firings = Meter.CreateCounter<long>("aiot.scenes.firings", description: "Scenes run");

    public static readonly Counter<long> Skipped = Meter.CreateCounter<long>("aiot.scenes.skipped", description: "Triggered scenes not run (conditions false or unknown, cooldown, disabled), tagged by reason");

    public static readonly Counter<long> LoopsStopped = Meter.CreateCounter<long>("aiot.scenes.loops_stopped", description: "Scenes stopped by the loop breaker");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("aiot.scenes.action_failures", description: "Scene actions that failed, were refused or found their device offline, tagged by status");

    public static readonly Histogram<double> EvaluationDuration = Meter.CreateHistogram<double>("aiot.scenes.evaluation.duration", unit: "us", description: "Time to find and check the scenes a change triggers, without running their actions");
}
