namespace AIoT.Storage.Relational;

/// <summary>
/// A stored payload does not deserialize as the grain's state type. The read fails and the row stays as it is, so
/// nothing is lost: repair or delete the row, or run the build whose state type wrote it.
/// </summary>
[GenerateSerializer]
public sealed class GrainStateUnreadableException : OrleansException
{
    public GrainStateUnreadableException(GrainId grainId, string stateName, Type stateType, Exception reason)
        : base(
            $"Grain {grainId}, state '{stateName}': the stored payload does not deserialize as {stateType.FullName}: {reason.Message} "
            + "The row is left unchanged; repair or delete it, or run the build whose state type wrote it.",
            reason)
    {
        GrainId = grainId;
        StateName = stateName;
        StateType = stateType.FullName ?? stateType.Name;
    }

    [Id(0)]
    public GrainId GrainId { get; private set; }

    [Id(1)]
    public string StateName { get; private set; }

    [Id(2)]
    public string StateType { get; private set; }
}
