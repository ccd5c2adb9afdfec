namespace AIoT.Grains.Invocation;

[Flags]
public enum RequestOptions : byte
{
    None = 0,
    ReadOnly = 1,
    AlwaysInterleave = 2,
    OneWay = 4,
}
