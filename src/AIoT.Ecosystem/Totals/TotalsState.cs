namespace AIoT.Ecosystem.Totals;

[GenerateSerializer]
public sealed class TotalsState
{
    /// <summary>By <see cref="EcosystemTotal"/>.</summary>
    [Id(0)]
    public Dictionary<EcosystemTotal, long> Values { get; set; } = [];
}
