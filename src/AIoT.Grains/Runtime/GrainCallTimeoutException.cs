namespace AIoT.Grains;

/// <summary>A call that got no answer in time: a call cycle without reentrancy, or a stuck grain.</summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException(string message)
        : base(message)
    {
    }
}
