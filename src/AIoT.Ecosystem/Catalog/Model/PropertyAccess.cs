namespace AIoT.Ecosystem.Catalog.Model;

[Flags]
public enum PropertyAccess
{
    None = 0,
    Read = 1,
    Write = 2,
    Notify = 4,
}
