namespace AIoT.Grains;

/// <summary>The silo is not running (not started yet, or stopping), so the call could not be served.</summary>
public sealed class SiloUnavailableException : InvalidOperationException
{
    public SiloUnavailableException(string message)
        : base(message)
    {
    }
}
