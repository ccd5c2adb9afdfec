using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;

namespace AIoT.Ecosystem.Totals;

public static class TotalsSiloBuilderExtensions
{
    /// <summary>The twins keep the live totals (<see cref="ITotalsGrain"/>): this silo's changes are sent once a second, and the last ones when it stops.</summary>
    public static ISiloBuilder AddEcosystemTotals(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<TotalsReporter>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, TotalsLifecycle>();
        return silo;
    }

    private sealed class TotalsLifecycle(TotalsReporter reporter) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe<TotalsLifecycle>(
            ServiceLifecycleStage.Active,
            _ =>
            {
                reporter.Start();
                return Task.CompletedTask;
            },
            async _ =>
            {
                await reporter.DisposeAsync();
                await reporter.FlushAsync();
            });
    }
}
