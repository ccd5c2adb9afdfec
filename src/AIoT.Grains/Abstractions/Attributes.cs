namespace AIoT.Grains;

/// <summary>Requests to a grain of this class may interleave at awaits (never run in parallel).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReentrantAttribute : Attribute
{
}

/// <summary>This method interleaves with any other request to the grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}

/// <summary>This method changes no state: read-only requests may interleave with each other.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute
{
}

/// <summary>The caller does not wait: the call returns once queued; errors are logged, not returned.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute
{
}

/// <summary>Names the grain type in grain ids; defaults to the class name without a "Grain" suffix, lower-cased.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Which registered storage provider a <see cref="Grain{TState}"/> uses, and under which state name.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StorageProviderAttribute : Attribute
{
    public string ProviderName { get; set; } = GrainStorageNames.Default;

    public string StateName { get; set; } = "state";
}

public static class GrainStorageNames
{
    public const string Default = "Default";
}
