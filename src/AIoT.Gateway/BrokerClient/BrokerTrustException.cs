namespace AIoT.Gateway.BrokerClient;

public enum BrokerTrustInput
{
    CaFile,
    Fingerprint,
}

/// <summary>A CA file or fingerprint that cannot be used; <see cref="Input"/> says which, so the error can name its option.</summary>
public sealed class BrokerTrustException(BrokerTrustInput input, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public BrokerTrustInput Input { get; } = input;

    /// <summary>The command-line option the input came from.</summary>
    public string Option => Input == BrokerTrustInput.CaFile ? "--broker-ca" : "--broker-fingerprint";
}
