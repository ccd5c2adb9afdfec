using AIoT.Ecosystem.Runtime;
using Orleans.Runtime;

namespace AIoT.Ecosystem.Totals;

/// <summary>Stored, so the totals survive a restart with the twins whose states they count.</summary>
[GrainType(EcosystemGrainTypes.Totals)]
public sealed class TotalsGrain([PersistentState(EcosystemGrainTypes.StateName)] IPersistentState<TotalsState> totals) : Grain, ITotalsGrain
{
    public async Task Add(IReadOnlyDictionary<EcosystemTotal, long> changes)
    {
        foreach (var (total, change) in changes)
        {
            totals.State.Values[total] = totals.State.Values.GetValueOrDefault(total) + change;
        }

        await totals.WriteStateAsync();
    }

    public Task<IReadOnlyDictionary<EcosystemTotal, long>> Get() =>
        Task.FromResult<IReadOnlyDictionary<EcosystemTotal, long>>(Enum.GetValues<EcosystemTotal>().ToDictionary(t => t, t => totals.State.Values.GetValueOrDefault(t)));
}
