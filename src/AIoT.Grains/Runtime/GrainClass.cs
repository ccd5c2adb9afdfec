using Microsoft.Extensions.DependencyInjection;

namespace AIoT.Grains.Runtime;

/// <summary>What the runtime knows of one grain class: its type name, how to build it, how it schedules.</summary>
internal sealed class GrainClass
{
    private readonly ObjectFactory? _factory;

    public GrainClass(GrainType grainType, Type classType, bool isReentrant, ObjectFactory? factory, bool collectable)
    {
        GrainType = grainType;
        ClassType = classType;
        IsReentrant = isReentrant;
        _factory = factory;
        IsCollectable = collectable;
    }

    public GrainType GrainType { get; }

    public Type ClassType { get; }

    public bool IsReentrant { get; }

    /// <summary>False for hosted observers: they live until their reference is deleted.</summary>
    public bool IsCollectable { get; }

    public object Create(IServiceProvider services) =>
        (_factory ?? throw new InvalidOperationException($"{ClassType.Name} cannot be created by the runtime.")).Invoke(services, null);
}
