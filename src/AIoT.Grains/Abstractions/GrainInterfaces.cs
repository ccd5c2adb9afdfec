namespace AIoT.Grains;

/// <summary>Anything a grain reference can point at: a grain or an observer.</summary>
public interface IAddressable
{
}

/// <summary>Marker for grain interfaces. Derive from one of the keyed variants.</summary>
public interface IGrain : IAddressable
{
}

public interface IGrainWithStringKey : IGrain
{
}

public interface IGrainWithGuidKey : IGrain
{
}

public interface IGrainWithIntegerKey : IGrain
{
}

/// <summary>Marker for observer interfaces: outside code or grains that receive notifications from a grain.</summary>
public interface IGrainObserver : IAddressable
{
}
