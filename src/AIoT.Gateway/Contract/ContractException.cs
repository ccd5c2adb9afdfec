namespace AIoT.Gateway.Contract;

/// <summary>A payload that does not follow docs/mqtt-contract.md; the message says what is wrong, for the device's error topic.</summary>
public sealed class ContractException(string message) : Exception(message);
