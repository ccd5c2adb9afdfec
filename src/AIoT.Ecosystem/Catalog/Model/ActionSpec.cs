namespace AIoT.Ecosystem.Catalog.Model;

/// <summary>An action; its inputs and outputs are properties of the same service, by piid.</summary>
public sealed record ActionSpec(int Siid, int Aiid, string Name, string Description, IReadOnlyList<int> In, IReadOnlyList<int> Out)
{
    public string Alias { get; init; } = "";

    public string Key { get; } = $"{Siid}.a{Aiid}";
}

/// <summary>An event; its arguments are properties of the same service, by piid.</summary>
public sealed record EventSpec(int Siid, int Eiid, string Name, string Description, IReadOnlyList<int> Arguments)
{
    public string Alias { get; init; } = "";

    public string Key { get; } = $"{Siid}.e{Eiid}";
}
