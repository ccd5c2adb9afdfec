namespace AIoT.Ecosystem.Catalog.Model;

public sealed record PropertySpec(
    int Siid,
    int Piid,
    string Name,
    string Description,
    PropertyFormat Format,
    PropertyAccess Access,
    string? Unit,
    ValueRange? Range,
    IReadOnlyList<ValueListItem>? ValueList)
{
    /// <summary>The readable name accepted in place of siid.piid, e.g. "light.brightness".</summary>
    public string Alias { get; init; } = "";

    /// <summary>"siid.piid", made once: the report path reads it for every property of every report.</summary>
    public string Key { get; } = $"{Siid}.{Piid}";

    public bool IsReadable => Access.HasFlag(PropertyAccess.Read);

    public bool IsWritable => Access.HasFlag(PropertyAccess.Write);

    public bool Notifies => Access.HasFlag(PropertyAccess.Notify);
}
