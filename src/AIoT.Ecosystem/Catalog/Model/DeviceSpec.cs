namespace AIoT.Ecosystem.Catalog.Model;

/// <summary>One device model as MIoT-Spec-V2 describes it, with lookups by siid/piid and by readable alias.</summary>
public sealed class DeviceSpec
{
    private readonly Dictionary<(int, int), PropertySpec> _properties;
    private readonly Dictionary<string, PropertySpec> _propertiesByAlias;
    private readonly Dictionary<(int, int), ActionSpec> _actions;
    private readonly Dictionary<(int, int), EventSpec> _events;

    public DeviceSpec(string model, string name, DeviceTypeUrn urn, IReadOnlyList<ServiceSpec> services)
    {
        Model = model;
        Name = name;
        Urn = urn;
        Services = services;
        _properties = services.SelectMany(s => s.Properties).ToDictionary(p => (p.Siid, p.Piid));
        _propertiesByAlias = services.SelectMany(s => s.Properties).ToDictionary(p => p.Alias, StringComparer.Ordinal);
        _actions = services.SelectMany(s => s.Actions).ToDictionary(a => (a.Siid, a.Aiid));
        _events = services.SelectMany(s => s.Events).ToDictionary(e => (e.Siid, e.Eiid));
    }

    /// <summary>The vendor model id, e.g. "yeelink.light.ceiling22".</summary>
    public string Model { get; }

    public string Name { get; }

    public DeviceTypeUrn Urn { get; }

    /// <summary>The MIoT device type, e.g. "light", "air-purifier".</summary>
    public string Type => Urn.Type;

    public IReadOnlyList<ServiceSpec> Services { get; }

    public IEnumerable<PropertySpec> Properties => Services.SelectMany(s => s.Properties);

    public IEnumerable<ActionSpec> Actions => Services.SelectMany(s => s.Actions);

    public IEnumerable<EventSpec> Events => Services.SelectMany(s => s.Events);

    public PropertySpec? FindProperty(int siid, int piid) => _properties.GetValueOrDefault((siid, piid));

    public PropertySpec? FindProperty(string alias) => _propertiesByAlias.GetValueOrDefault(alias);

    /// <summary>"2.1" or an alias like "light.on".</summary>
    public PropertySpec? ResolveProperty(string key)
    {
        var dot = key.IndexOf('.');
        if (dot > 0 && int.TryParse(key.AsSpan(0, dot), out var siid) && int.TryParse(key.AsSpan(dot + 1), out var piid))
        {
            return FindProperty(siid, piid);
        }

        return FindProperty(key);
    }

    public ActionSpec? FindAction(int siid, int aiid) => _actions.GetValueOrDefault((siid, aiid));

    public ActionSpec? ResolveAction(string key) => Resolve(key, 'a', _actions, Actions, a => a.Alias);

    public EventSpec? FindEvent(int siid, int eiid) => _events.GetValueOrDefault((siid, eiid));

    public EventSpec? ResolveEvent(string key) => Resolve(key, 'e', _events, Events, e => e.Alias);

    private static T? Resolve<T>(string key, char kind, Dictionary<(int, int), T> byId, IEnumerable<T> all, Func<T, string> alias) where T : class
    {
        // "2.1", or the canonical "2.a1" / "2.e1" (the key an action or event is stored and sent under), or an alias.
        var dot = key.IndexOf('.');
        if (dot > 0 && int.TryParse(key.AsSpan(0, dot), out var siid))
        {
            var rest = key.AsSpan(dot + 1);
            if (rest.Length > 1 && rest[0] == kind)
            {
                rest = rest[1..];
            }

            if (int.TryParse(rest, out var id))
            {
                return byId.GetValueOrDefault((siid, id));
            }
        }

        return all.FirstOrDefault(x => alias(x) == key);
    }

    public override string ToString() => $"{Model} ({Type})";
}
