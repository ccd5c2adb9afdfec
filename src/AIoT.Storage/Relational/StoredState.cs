namespace AIoT.Storage.Relational;

/// <summary>One row as read: the serialized state and its version, which is the ETag.</summary>
internal readonly record struct StoredState(byte[] Payload, long Version);
