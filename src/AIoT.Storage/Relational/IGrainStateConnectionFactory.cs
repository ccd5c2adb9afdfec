using System.Data.Common;

namespace AIoT.Storage.Relational;

/// <summary>Opens connections to the database that holds grain state, set up for this storage's use.</summary>
public interface IGrainStateConnectionFactory
{
    /// <summary>Names the database for people reading an error or a log line, e.g. "SQLite file /srv/aiot/data/grains.db".</summary>
    string DataSourceDescription { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
