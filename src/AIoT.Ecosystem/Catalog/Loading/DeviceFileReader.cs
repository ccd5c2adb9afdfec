using System.Text.Json;
using AIoT.Ecosystem.Catalog.Model;

namespace AIoT.Ecosystem.Catalog.Loading;

/// <summary>Reads one device file and checks it against MIoT-Spec-V2's rules; every complaint names file, model and field.</summary>
internal static class DeviceFileReader
{
    public static DeviceSpec Read(string fileName, Stream content)
    {
        DeviceFileDocument document;
        try
        {
            document = JsonSerializer.Deserialize(content, DeviceFileJsonContext.Default.DeviceFileDocument)
                ?? throw new CatalogException($"{fileName}: the file is empty.");
        }
        catch (JsonException ex)
        {
            throw new CatalogException($"{fileName}: not valid device JSON: {ex.Message}", ex);
        }

        var model = Required(document.Model, fileName, "(unknown)", "model");
        var where = $"{fileName}: device '{model}'";
        var name = Required(document.Name, fileName, model, "name");
        if (!DeviceTypeUrn.TryParse(Required(document.Type, fileName, model, "type"), out var urn, out var urnError))
        {
            throw new CatalogException($"{where}: type: {urnError}.");
        }

        var services = new List<ServiceSpec>();
        if (document.Services is not { Count: > 0 })
        {
            throw new CatalogException($"{where}: services: a device needs at least one service.");
        }

        if (document.Services.All(s => s.Siid != 1))
        {
            services.Add(DeviceInformation.Service);
        }

        foreach (var service in document.Services)
        {
            services.Add(ReadService(where, service));
        }

        Unique(services.Select(s => s.Siid), id => $"{where}: service {id}: siid is used twice.");
        Unique(services.Select(s => s.Name), id => $"{where}: service '{id}': the name is used twice; aliases need unique service names.");
        return new DeviceSpec(model, name, urn!, services);
    }

    private static ServiceSpec ReadService(string where, ServiceDocument document)
    {
        var siid = document.Siid ?? throw new CatalogException($"{where}: a service has no siid.");
        var at = $"{where}: service {siid}";
        if (siid < 1)
        {
            throw new CatalogException($"{at}: siid must be 1 or more.");
        }

        var serviceName = Name(document.Name, at, "name");
        var properties = (document.Properties ?? []).Select(p => ReadProperty(at, siid, serviceName, p)).ToList();
        Unique(properties.Select(p => p.Piid), id => $"{at} property {id}: piid is used twice.");
        Unique(properties.Select(p => p.Name), id => $"{at} property '{id}': the name is used twice.");
        var piids = properties.Select(p => p.Piid).ToHashSet();

        var actions = new List<ActionSpec>();
        foreach (var action in document.Actions ?? [])
        {
            var aiid = action.Aiid ?? throw new CatalogException($"{at}: an action has no aiid.");
            var actionAt = $"{at} action {aiid}";
            var actionName = Name(action.Name, actionAt, "name");
            RequireKnown(piids, action.In, $"{actionAt} '{actionName}': in");
            RequireKnown(piids, action.Out, $"{actionAt} '{actionName}': out");
            actions.Add(new ActionSpec(siid, aiid, actionName, action.Description ?? actionName, action.In ?? [], action.Out ?? [])
            {
                Alias = $"{serviceName}.{actionName}",
            });
        }

        Unique(actions.Select(a => a.Aiid), id => $"{at} action {id}: aiid is used twice.");

        var events = new List<EventSpec>();
        foreach (var @event in document.Events ?? [])
        {
            var eiid = @event.Eiid ?? throw new CatalogException($"{at}: an event has no eiid.");
            var eventAt = $"{at} event {eiid}";
            var eventName = Name(@event.Name, eventAt, "name");
            RequireKnown(piids, @event.Arguments, $"{eventAt} '{eventName}': arguments");
            events.Add(new EventSpec(siid, eiid, eventName, @event.Description ?? eventName, @event.Arguments ?? []) { Alias = $"{serviceName}.{eventName}" });
        }

        Unique(events.Select(e => e.Eiid), id => $"{at} event {id}: eiid is used twice.");
        return new ServiceSpec(siid, serviceName, document.Description ?? serviceName, properties, actions, events);
    }

    private static PropertySpec ReadProperty(string serviceAt, int siid, string serviceName, PropertyDocument document)
    {
        var piid = document.Piid ?? throw new CatalogException($"{serviceAt}: a property has no piid.");
        var at = $"{serviceAt} property {piid}";
        var name = Name(document.Name, at, "name");
        at = $"{at} '{name}'";
        if (!PropertyFormats.TryParse(document.Format ?? "", out var format))
        {
            throw new CatalogException($"{at}: format '{document.Format}' is not one of bool, uint8, uint16, uint32, int8, int16, int32, int64, float, string, hex.");
        }

        var access = PropertyAccess.None;
        foreach (var item in document.Access ?? [])
        {
            access |= item switch
            {
                "read" => PropertyAccess.Read,
                "write" => PropertyAccess.Write,
                "notify" => PropertyAccess.Notify,
                _ => throw new CatalogException($"{at}: access '{item}' is not one of read, write, notify."),
            };
        }

        if (access == PropertyAccess.None)
        {
            throw new CatalogException($"{at}: access is empty.");
        }

        ValueRange? range = null;
        if (document.Range is { } r)
        {
            if (!format.IsNumeric())
            {
                throw new CatalogException($"{at}: value-range is given for a {format.Name()} property.");
            }

            if (r.Count != 3)
            {
                throw new CatalogException($"{at}: value-range must be [min, max, step].");
            }

            range = new ValueRange(r[0], r[1], r[2]);
            var (low, high) = format.Bounds();
            if (range.Min > range.Max)
            {
                throw new CatalogException($"{at}: value-range {range}: min is above max.");
            }

            if (range.Step <= 0)
            {
                throw new CatalogException($"{at}: value-range {range}: step must be positive.");
            }

            if (range.Min < low || range.Max > high)
            {
                throw new CatalogException($"{at}: value-range {range} does not fit format {format.Name()}.");
            }

            if (format.IsInteger() && (range.Step % 1 != 0 || range.Min % 1 != 0))
            {
                throw new CatalogException($"{at}: value-range {range}: an integer format needs whole min and step.");
            }
        }

        List<ValueListItem>? values = null;
        if (document.Values is { } list)
        {
            if (range is not null)
            {
                throw new CatalogException($"{at}: a property has a value-range or a value-list, not both.");
            }

            if (list.Count == 0)
            {
                throw new CatalogException($"{at}: value-list is empty.");
            }

            if (!format.IsInteger())
            {
                throw new CatalogException($"{at}: value-list needs an integer format, not {format.Name()}.");
            }

            values = [];
            var (low, high) = format.Bounds();
            foreach (var item in list)
            {
                var value = item.Value ?? throw new CatalogException($"{at}: a value-list entry has no value.");
                if (value < low || value > high)
                {
                    throw new CatalogException($"{at}: value-list value {value} does not fit format {format.Name()}.");
                }

                values.Add(new ValueListItem(value, Required(item.Description, at, $"value-list {value}: description")));
            }

            Unique(values.Select(v => v.Value), id => $"{at}: value-list value {id} is listed twice.");
        }

        return new PropertySpec(siid, piid, name, document.Description ?? name, format, access, document.Unit, range, values) { Alias = $"{serviceName}.{name}" };
    }

    private static void RequireKnown(HashSet<int> piids, List<int>? references, string at)
    {
        foreach (var piid in references ?? [])
        {
            if (!piids.Contains(piid))
            {
                throw new CatalogException($"{at}: piid {piid} is not a property of this service.");
            }
        }
    }

    private static string Required(string? value, string fileName, string model, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new CatalogException($"{fileName}: device '{model}': {field} is missing.") : value;

    private static string Required(string? value, string at, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new CatalogException($"{at}: {field} is missing.") : value;

    private static string Name(string? value, string at, string field)
    {
        var name = Required(value, at, field);
        return name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? name
            : throw new CatalogException($"{at}: {field} '{name}' must be lower-case letters, digits and hyphens (it becomes part of aliases).");
    }

    private static void Unique<T>(IEnumerable<T> items, Func<T, string> message)
    {
        var seen = new HashSet<T>();
        foreach (var item in items)
        {
            if (!seen.Add(item))
            {
                throw new CatalogException(message(item));
            }
        }
    }
}
