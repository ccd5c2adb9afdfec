using System.Globalization;
using System.Text;
using AIoT.Ecosystem.Catalog.Model;
using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Ecosystem.Catalog.Docs;

/// <summary>Writes docs/devices.md from the catalog, so the document cannot drift from the data.</summary>
public static class DeviceCatalogMarkdown
{
    public const string RelativePath = "docs/devices.md";

    public static string Render(DeviceCatalog catalog)
    {
        var md = new StringBuilder();
        md.AppendLine("# Device catalog");
        md.AppendLine();
        md.AppendLine("Generated from `src/AIoT.Ecosystem/Catalog/Devices/*.json` by `aiot catalog docs`; do not edit by hand.");
        md.AppendLine("Keys are `siid.piid` for properties, `siid.aN` for actions and `siid.eN` for events; the alias (`service.name`) is accepted wherever a key is.");
        md.AppendLine();
        md.AppendLine("## Result codes");
        md.AppendLine();
        md.AppendLine("| code | meaning | cloud API equivalent |");
        md.AppendLine("|---:|---|---|");
        foreach (var (code, cloud) in new[]
        {
            (MiotCodes.Ok, "702000000"), (MiotCodes.Accepted, "702010000"), (MiotCodes.PropertyNotReadable, "704030013"),
            (MiotCodes.PropertyNotWritable, "704030023"), (MiotCodes.NotFound, "704040003 / 704040005 / 704040004"), (MiotCodes.InternalError, "705001000"),
            (MiotCodes.PropertyValueError, "704220043"), (MiotCodes.ActionParameterError, "704222035"), (MiotCodes.DeviceIdError, "704090001"),
            (MiotCodes.DeviceOffline, "704042011"),
        })
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {code} | {MiotCodes.Describe(code)} | {cloud} |");
        }

        md.AppendLine();
        md.AppendLine("## Devices");
        md.AppendLine();
        md.AppendLine("| type | model | name |");
        md.AppendLine("|---|---|---|");
        var devices = catalog.Devices.OrderBy(d => d.Type, StringComparer.Ordinal).ThenBy(d => d.Model, StringComparer.Ordinal).ToList();
        foreach (var device in devices)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {device.Type} | [{device.Model}](#{Anchor(device.Model)}) | {device.Name} |");
        }

        foreach (var device in devices)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"### {device.Model}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"{device.Name}: `{device.Urn}`");
            md.AppendLine();
            md.AppendLine("| key | alias | format | access | unit | values |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var property in device.Properties)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {property.Key} | {property.Alias} | {property.Format.Name()} | {Access(property.Access)} | {property.Unit} | {Values(property)} |");
            }

            foreach (var action in device.Actions)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {action.Key} | {action.Alias} | action | in: {Refs(action.Siid, action.In)}; out: {Refs(action.Siid, action.Out)} | | {action.Description} |");
            }

            foreach (var @event in device.Events)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {@event.Key} | {@event.Alias} | event | arguments: {Refs(@event.Siid, @event.Arguments)} | | {@event.Description} |");
            }
        }

        return md.ToString();
    }

    private static string Anchor(string model) => model.Replace(".", "", StringComparison.Ordinal);

    private static string Access(PropertyAccess access) => string.Join(", ", new[]
    {
        access.HasFlag(PropertyAccess.Read) ? "read" : null,
        access.HasFlag(PropertyAccess.Write) ? "write" : null,
        access.HasFlag(PropertyAccess.Notify) ? "notify" : null,
    }.OfType<string>());

    private static string Values(PropertySpec property) =>
        property.Range?.ToString() ?? (property.ValueList is { } list ? string.Join("; ", list.Select(v => $"{v.Value} {v.Description}")) : "");

    private static string Refs(int siid, IReadOnlyList<int> piids) => piids.Count == 0 ? "none" : string.Join(" ", piids.Select(p => $"{siid}.{p}"));
}
