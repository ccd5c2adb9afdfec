namespace AIoT.Host.Hosting;

/// <summary>The host cannot start as configured; the message names the option and what to do.</summary>
public sealed class HostStartException(string message, Exception? inner = null) : Exception(message, inner);
