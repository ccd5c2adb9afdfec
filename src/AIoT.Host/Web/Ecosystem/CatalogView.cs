using AIoT.Ecosystem.Catalog.Model;

namespace AIoT.Host.Web.Ecosystem;

/// <summary>GET /api/catalog/{model}: what a page needs to show a twin and offer a control per writable property.</summary>
public sealed record CatalogView(string Model, string Name, string Type, IReadOnlyList<CatalogProperty> Properties, IReadOnlyList<CatalogAction> Actions)
{
    internal static CatalogView Of(DeviceSpec spec) => new(
        spec.Model,
        spec.Name,
        spec.Type,
        [.. spec.Properties.Select(p => new CatalogProperty(
            p.Key, p.Alias, p.Description, p.Format.ToString().ToLowerInvariant(), p.IsReadable, p.IsWritable, p.Notifies, p.Unit, p.Range,
            p.ValueList?.Select(v => new CatalogValue(v.Value, v.Description)).ToList()))],
        [.. spec.Actions.Select(a => new CatalogAction(a.Key, a.Alias, a.Description))]);
}

public sealed record CatalogProperty(
    string Key, string Alias, string Description, string Format, bool Readable, bool Writable, bool Notifies, string? Unit, ValueRange? Range, IReadOnlyList<CatalogValue>? ValueList);

public sealed record CatalogValue(long Value, string Description);

public sealed record CatalogAction(string Key, string Alias, string Description);
