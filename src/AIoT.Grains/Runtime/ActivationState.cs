namespace AIoT.Grains.Runtime;

internal enum ActivationState : byte
{
    /// <summary>In the directory; its first turn will build the grain, read its state and run OnActivateAsync.</summary>
    Creating,
    Activating,
    Valid,
    Deactivating,

    /// <summary>Gone from the directory; a call that still finds it looks again.</summary>
    Invalid,
}
