using Orleans.Concurrency;

namespace AIoT.Ecosystem.Totals;

/// <summary>The cluster's live totals; one grain (key 0) that every silo's <see cref="TotalsReporter"/> sends its changes to once a second.</summary>
public interface ITotalsGrain : IGrainWithIntegerKey
{
    Task Add(IReadOnlyDictionary<EcosystemTotal, long> changes);

    [ReadOnly]
    Task<IReadOnlyDictionary<EcosystemTotal, long>> Get();
}
