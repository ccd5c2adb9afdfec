namespace AIoT.Storage.Options;

/// <summary>Options of a SQLite grain storage, one set per storage name.</summary>
public sealed class SqliteGrainStorageOptions : RelationalGrainStorageOptions
{
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The database file, e.g. <c>data/grains.db</c>; required. Its folder and the file are created when missing.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>How long a statement waits while another process holds the file's write lock.</summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;
}
