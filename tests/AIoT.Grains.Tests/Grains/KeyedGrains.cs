namespace AIoT.Grains.Tests.Grains;

public interface IGuidKeyedGrain : IGrainWithGuidKey
{
    Task<Guid> Key();
}

public interface ILongKeyedGrain : IGrainWithIntegerKey
{
    Task<long> Key();

    ValueTask<long> KeyAsValueTask();
}

public sealed class GuidKeyedGrain : Grain, IGuidKeyedGrain
{
    public Task<Guid> Key() => Task.FromResult(GetPrimaryKey());
}

[GrainType("numbered")]
public sealed class LongKeyedGrain : Grain, ILongKeyedGrain
{
    public Task<long> Key() => Task.FromResult(GetPrimaryKeyLong());

    public ValueTask<long> KeyAsValueTask() => ValueTask.FromResult(GetPrimaryKeyLong());
}
