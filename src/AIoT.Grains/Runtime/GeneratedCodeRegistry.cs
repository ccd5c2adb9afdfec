using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using AIoT.Grains.Invocation;

namespace AIoT.Grains.Runtime;

/// <summary>
/// Where the source generator's module initializers record what they wrote: a reference factory per grain or
/// observer interface, and the grain classes of each assembly. Called by generated code; not for hand use.
/// </summary>
public static class GeneratedCodeRegistry
{
    private static readonly ConcurrentDictionary<Type, Func<GrainId, GrainRuntime, GrainReference>> ReferenceFactories = new();
    private static readonly ConcurrentDictionary<Type, byte> GrainClasses = new();
    private static readonly ConcurrentDictionary<Assembly, byte> InitializedAssemblies = new();

    public static void RegisterInterface(Type grainInterface, Func<GrainId, GrainRuntime, GrainReference> referenceFactory)
    {
        ReferenceFactories[grainInterface] = referenceFactory;
    }

    public static void RegisterGrainClass(Type grainClass)
    {
        GrainClasses.TryAdd(grainClass, 0);
    }

    internal static Func<GrainId, GrainRuntime, GrainReference> GetReferenceFactory(Type grainInterface)
    {
        if (ReferenceFactories.TryGetValue(grainInterface, out var factory))
        {
            return factory;
        }

        EnsureInitialized(grainInterface.Assembly);
        return ReferenceFactories.TryGetValue(grainInterface, out factory)
            ? factory
            : throw new InvalidOperationException(
                $"No generated reference for {grainInterface.FullName}. Reference the AIoT.Grains.CodeGen analyzer from the project that declares it.");
    }

    internal static IReadOnlyCollection<Type> GetGrainClasses(IEnumerable<Assembly> assemblies)
    {
        foreach (var assembly in assemblies)
        {
            EnsureInitialized(assembly);
        }

        return GrainClasses.Keys.ToArray();
    }

    /// <summary>Runs an assembly's module initializer, which a mere typeof() does not trigger.</summary>
    internal static void EnsureInitialized(Assembly assembly)
    {
        if (InitializedAssemblies.TryAdd(assembly, 0))
        {
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
    }
}
