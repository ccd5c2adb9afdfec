namespace AIoT.Storage.Relational;

/// <summary>
/// The database holds something this storage must not use or change. The message says what was found and what to do;
/// <see cref="RelationalGrainStorage"/> puts the provider name and the database in front of it.
/// </summary>
public sealed class StorageSchemaException(string message) : Exception(message);
