using Microsoft.Extensions.Logging;

namespace AIoT.Ecosystem.Simulation.Households;

/// <summary>
/// Steps a set of household simulators one simulated minute at a time, paced against the real clock at a chosen speed,
/// and applies their effects to the twins. A step that falls behind is caught up at once; nothing is skipped.
/// </summary>
public sealed class SimulationDriver(IReadOnlyList<HouseholdSimulator> households, SimulationEffectApplier applier, TimeProvider realTime, ILogger logger)
{
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    public long StepsRun { get; private set; }

    public long EffectsApplied { get; private set; }

    public DateTimeOffset SimulatedNow { get; private set; }

    public async Task RunAsync(DateTimeOffset start, double speed, CancellationToken stopping)
    {
        if (double.IsNaN(speed) || speed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Simulation speed must be positive.");
        }

        SimulatedNow = start;
        var realStart = realTime.GetTimestamp();
        var nextReport = start.AddHours(1);
        while (!stopping.IsCancellationRequested)
        {
            var due = start + (realTime.GetElapsedTime(realStart) * speed);
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
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(Step.TotalMilliseconds / speed / 2, 5, 1000)), realTime, stopping);
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
                logger.LogWarning(ex, "Household {Household}: applying a simulation step at {Time} failed", household.HouseholdId, now);
            }

            EffectsApplied += effects.Count;
        }

        StepsRun++;
    }
}
