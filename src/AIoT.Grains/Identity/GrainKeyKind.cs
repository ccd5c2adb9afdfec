namespace AIoT.Grains;

public enum GrainKeyKind : byte
{
    String,
    Guid,
    Integer,
}
