namespace AIoT.Ecosystem.Catalog.Loading;

/// <summary>A device file that cannot be used; the message names the file, the device model and the field.</summary>
public sealed class CatalogException(string message, Exception? inner = null) : Exception(message, inner);
