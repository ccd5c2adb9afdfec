using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace AIoT.Grains.Runtime;

/// <summary>Maps grain interfaces to the one grain class that implements each, and names grain types.</summary>
internal sealed class GrainClassMap
{
    private readonly ConcurrentDictionary<Type, GrainClass> _byInterface = new();
    private readonly ConcurrentDictionary<string, GrainClass> _byTypeName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _ambiguous = new();
    private readonly HashSet<Assembly> _assemblies;

    public GrainClassMap(IEnumerable<Assembly> assemblies)
    {
        _assemblies = [.. assemblies];
        Refresh();
    }

    public IEnumerable<GrainClass> Classes => _byTypeName.Values;

    public GrainClass ForInterface(Type grainInterface)
    {
        if (_byInterface.TryGetValue(grainInterface, out var grainClass))
        {
            return grainClass;
        }

        lock (_assemblies)
        {
            _assemblies.Add(grainInterface.Assembly);
            Refresh();
        }

        if (_byInterface.TryGetValue(grainInterface, out grainClass))
        {
            return grainClass;
        }

        if (_ambiguous.TryGetValue(grainInterface, out var candidates))
        {
            throw new InvalidOperationException($"More than one grain class implements {grainInterface.Name}: {candidates}. Give each its own interface.");
        }

        throw new InvalidOperationException(
            $"No grain class implements {grainInterface.FullName}. Add the assembly that holds it with SiloBuilder.AddGrainAssembly.");
    }

    public GrainClass? ForTypeName(string name) => _byTypeName.GetValueOrDefault(name);

    private void Refresh()
    {
        var implementers = new Dictionary<Type, List<Type>>();
        foreach (var classType in GeneratedCodeRegistry.GetGrainClasses(_assemblies))
        {
            foreach (var grainInterface in classType.GetInterfaces().Where(IsGrainInterface))
            {
                if (!implementers.TryGetValue(grainInterface, out var list))
                {
                    implementers[grainInterface] = list = [];
                }

                list.Add(classType);
            }
        }

        foreach (var (grainInterface, classes) in implementers)
        {
            if (classes.Count > 1)
            {
                _ambiguous[grainInterface] = string.Join(", ", classes.Select(c => c.Name));
                continue;
            }

            _byInterface.TryAdd(grainInterface, GetOrCreateClass(classes[0]));
        }
    }

    private GrainClass GetOrCreateClass(Type classType)
    {
        var name = GrainTypeName(classType);
        return _byTypeName.GetOrAdd(name, _ =>
        {
            var grainType = GrainType.Get(name, KeyKindOf(classType));
            var reentrant = classType.GetCustomAttribute<ReentrantAttribute>(inherit: true) is not null;
            var factory = ActivatorUtilities.CreateFactory(classType, Type.EmptyTypes);
            return new GrainClass(grainType, classType, reentrant, factory, collectable: true);
        });
    }

    private static bool IsGrainInterface(Type type) =>
        typeof(IGrain).IsAssignableFrom(type) && type != typeof(IGrain) && type != typeof(IGrainWithStringKey)
        && type != typeof(IGrainWithGuidKey) && type != typeof(IGrainWithIntegerKey);

    private static GrainKeyKind KeyKindOf(Type classType)
    {
        var kinds = new HashSet<GrainKeyKind>();
        if (typeof(IGrainWithStringKey).IsAssignableFrom(classType))
        {
            kinds.Add(GrainKeyKind.String);
        }

        if (typeof(IGrainWithGuidKey).IsAssignableFrom(classType))
        {
            kinds.Add(GrainKeyKind.Guid);
        }

        if (typeof(IGrainWithIntegerKey).IsAssignableFrom(classType))
        {
            kinds.Add(GrainKeyKind.Integer);
        }

        return kinds.Count == 1
            ? kinds.First()
            : throw new InvalidOperationException($"Grain class {classType.Name} must implement grain interfaces of exactly one key kind (string, Guid or integer).");
    }

    /// <summary>"DeviceTwinGrain" becomes "device-twin" unless the class says otherwise with [GrainType].</summary>
    internal static string GrainTypeName(Type classType)
    {
        var explicitName = classType.GetCustomAttribute<GrainTypeAttribute>()?.Name;
        if (explicitName is not null)
        {
            return explicitName;
        }

        var name = classType.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
