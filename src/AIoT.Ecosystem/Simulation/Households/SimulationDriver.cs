using AIoT.Ecosystem.Diagnostics;
using AIoT.Ecosystem.Simulation.Clock;
using Microsoft.Extensions.Logging;

namespace AIoT.Ecosystem.Simulation.Households;

/// <summary>
/// Steps a set of household simulators one simulated minute at a time, paced by a <see cref="SimulationClock"/>,
/// and applies their effects to the twins. A step that falls behind is caught up at once; nothing is skipped.
/// </summary>
public sealed class SimulationDriver(IReadOnlyList<HouseholdSimulator> households, SimulationEffectApplier applier, ILogger logger)
{
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    public long StepsRun { get; private set; }

    public long EffectsApplied { get; private set; }

    public DateTimeOffset SimulatedNow { get; private set; }

    public async Task RunAsync(SimulationClock clock, CancellationToken stopping)
    {
        SimulatedNow = clock.GetUtcNow();
        var nextReport = SimulatedNow.AddHours(1);
        while (!stopping.IsCancellationRequested)
        {
            var due = clock.GetUtcNow();
            while (SimulatedNow + Step <= due && !stopping.IsCancellationRequested)
            {
                await StepAllAsync(SimulatedNow);
                if (StepsRun == 1)
                {
                    logger.LogInformation("Simulation's first step applied at {Time:yyyy-MM-dd HH:mm} ({Effects} effects)", SimulatedNow, EffectsApplied);
                }

                SimulatedNow += Step;
                if (SimulatedNow >= nextReport)
                {
                    logger.LogInformation(
                        "Simulation at {Time:yyyy-MM-dd HH:mm}: {Households} households, {Steps} steps, {Effects} effects applied",
                        SimulatedNow, households.Count, StepsRun, EffectsApplied);
                    nextReport = nextReport.AddHours(1);
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(Step.TotalMilliseconds / clock.Speed / 2, 5, 1000)), stopping);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async Task StepAllAsync(DateTimeOffset now)
    {
        foreach (var household in households)
        {
            var effects = household.Step(now, Step);
            try
            {
                await applier.ApplyAsync(effects);
            }
            catch (Exception ex)
            {
                EcosystemTelemetry.SimulationFailures.Add(1);
                logger.LogWarning(ex, "Household {Household}: applying a simulation step at {Time} failed", household.HouseholdId, now);
            }

            EffectsApplied += effects.Count;
        }

        StepsRun++;
        EcosystemTelemetry.SimulationSteps.Add(1);
    }
}
