namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>The fuzzers load both cores for their bounded time; alone, they neither slow other tests nor are slowed into false hangs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    public const string Name = "Fuzz";
}
