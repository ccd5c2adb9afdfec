namespace AIoT.Ecosystem.Catalog.Model;

public sealed record ServiceSpec(
    int Siid,
    string Name,
    string Description,
    IReadOnlyList<PropertySpec> Properties,
    IReadOnlyList<ActionSpec> Actions,
    IReadOnlyList<EventSpec> Events);
