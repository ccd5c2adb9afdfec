using System.Data.Common;

namespace AIoT.Storage.Relational;

/// <summary>
/// What differs between databases for <see cref="RelationalGrainStorage"/>: the SQL text of its six statements and
/// how the schema is created or checked. Statements name their parameters <see cref="ParameterPrefix"/> followed by
/// the names in <see cref="GrainStateParameters"/>; the table holds one row per grain and state name with a
/// version number that is the ETag.
/// </summary>
public interface IGrainStateDialect
{
    /// <summary>The character a parameter name starts with in this database's SQL ("$", "@" or ":").</summary>
    string ParameterPrefix { get; }

    /// <summary>Returns payload and version of one row (grain_id, state_name), or no row.</summary>
    string SelectState { get; }

    /// <summary>Returns the version of one row (grain_id, state_name), or no row.</summary>
    string SelectVersion { get; }

    /// <summary>Inserts a row with version 1 unless it exists; affects 1 row, or 0 when the row was already there.</summary>
    string InsertIfAbsent { get; }

    /// <summary>Replaces payload and updated_at and adds 1 to the version when the version is the expected one; affects 1 or 0 rows.</summary>
    string UpdateIfVersion { get; }

    /// <summary>Deletes the row when its version is the expected one; affects 1 or 0 rows.</summary>
    string DeleteIfVersion { get; }

    /// <summary>
    /// Makes the database ready on a fresh connection: creates the table in an empty database, upgrades a known older
    /// format, and throws <see cref="StorageSchemaException"/> saying what was found and what to do when the database
    /// holds something else. Never drops or rewrites existing rows.
    /// </summary>
    Task<SchemaOutcome> EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken);
}
