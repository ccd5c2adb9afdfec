namespace AIoT.Grains;

public enum DeactivationReason
{
    /// <summary>Idle longer than the collection age.</summary>
    Idle,

    /// <summary>The grain asked for it.</summary>
    Requested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,
}
