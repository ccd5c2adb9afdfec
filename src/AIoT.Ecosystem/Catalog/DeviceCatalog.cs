using System.Reflection;
using AIoT.Ecosystem.Catalog.Loading;
using AIoT.Ecosystem.Catalog.Model;

namespace AIoT.Ecosystem.Catalog;

/// <summary>Every device model the platform knows, by model id and by MIoT device type.</summary>
public sealed class DeviceCatalog
{
    private const string ResourcePrefix = "AIoT.Ecosystem.Catalog.Devices.";
    private static readonly Lazy<DeviceCatalog> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, DeviceSpec> _byModel;

    public DeviceCatalog(IEnumerable<DeviceSpec> devices)
    {
        _byModel = new Dictionary<string, DeviceSpec>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            if (!_byModel.TryAdd(device.Model, device))
            {
                throw new CatalogException($"device '{device.Model}' is defined twice.");
            }
        }
    }

    /// <summary>The catalog shipped inside the product (src/AIoT.Ecosystem/Catalog/Devices/*.json).</summary>
    public static DeviceCatalog Default => Embedded.Value;

    public IReadOnlyCollection<DeviceSpec> Devices => _byModel.Values;

    public DeviceSpec? Find(string model) => _byModel.GetValueOrDefault(model);

    public DeviceSpec Get(string model) =>
        Find(model) ?? throw new KeyNotFoundException($"No device model '{model}' in the catalog. Known models: {string.Join(", ", _byModel.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>The first model of a MIoT device type, e.g. "air-purifier".</summary>
    public DeviceSpec? FindByType(string type) => _byModel.Values.Where(d => d.Type == type).OrderBy(d => d.Model, StringComparer.Ordinal).FirstOrDefault();

    public static DeviceCatalog LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new CatalogException($"{directory}: no such folder of device files.");
        }

        return new DeviceCatalog(Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(path =>
        {
            using var stream = File.OpenRead(path);
            return DeviceFileReader.Read(Path.GetFileName(path), stream);
        }).ToList());
    }

    /// <summary>Reads one device file, e.g. one a user wrote for their own hardware.</summary>
    public static DeviceSpec ReadFile(string fileName, Stream content) => DeviceFileReader.Read(fileName, content);

    private static DeviceCatalog LoadEmbedded()
    {
        var assembly = typeof(DeviceCatalog).Assembly;
        return new DeviceCatalog(assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => ReadResource(assembly, n))
            .ToList());
    }

    private static DeviceSpec ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        return DeviceFileReader.Read(resource[ResourcePrefix.Length..], stream);
    }
}
