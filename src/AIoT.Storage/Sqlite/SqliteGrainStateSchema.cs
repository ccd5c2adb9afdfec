using System.Data.Common;
using System.Globalization;
using AIoT.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace AIoT.Storage.Sqlite;

/// <summary>
/// The file format, marked by <c>PRAGMA user_version</c>: 0 is the replaced runtime's file (the same table, no
/// marker) or an empty file, 1 is the current format. Anything else is refused without a byte of it changed.
/// </summary>
internal static class SqliteGrainStateSchema
{
    public const long FormatVersion = 1;

    private const string Remedy = "Nothing in the file was changed. Move the file away, or start the host with another --data folder.";

    private const string NewerRemedy =
        "Nothing in the file was changed. Run that newer version on it; or, to start with other state, move the file away or start the host with another --data folder.";

    private const int NotADatabase = 26;

    // Kept to the letter of the replaced runtime's table, so that its files and ours are the same.
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_id   TEXT    NOT NULL,
            state_name TEXT    NOT NULL,
            grain_type TEXT    NOT NULL,
            payload    BLOB    NOT NULL,
            version    INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (grain_id, state_name)
        ) WITHOUT ROWID;
        """;

    private static readonly Column[] Expected =
    [
        new("grain_id", "TEXT", 1),
        new("state_name", "TEXT", 2),
        new("grain_type", "TEXT", 0),
        new("payload", "BLOB", 0),
        new("version", "INTEGER", 0),
        new("updated_at", "INTEGER", 0),
    ];

    public static async Task<SchemaOutcome> EnsureAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        long format;
        try
        {
            format = Convert.ToInt64(await ScalarAsync(connection, "PRAGMA user_version", cancellationToken), CultureInfo.InvariantCulture);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == NotADatabase)
        {
            throw new StorageSchemaException($"the file is not a SQLite database ({error.Message}). {Remedy}");
        }

        if (format > FormatVersion)
        {
            throw new StorageSchemaException(
                $"the file is marked as format {format} (PRAGMA user_version), newer than format {FormatVersion}, the newest this build knows; "
                + $"a newer version of AIoT wrote it. {NewerRemedy}");
        }

        var columns = await ReadColumnsAsync(connection, cancellationToken);
        SchemaOutcome outcome;
        if (columns.Count == 0)
        {
            var tables = await ReadTableNamesAsync(connection, cancellationToken);
            if (format == FormatVersion)
            {
                throw new StorageSchemaException(
                    $"the file is marked as format {format} (PRAGMA user_version) but has no table grain_state"
                    + (tables.Count > 0 ? $" (it has {string.Join(", ", tables)})" : "")
                    + $"; another program marks its files the same way, or the table was dropped. {Remedy}");
            }

            if (tables.Count > 0)
            {
                throw new StorageSchemaException(
                    $"the file holds other tables ({string.Join(", ", tables)}) and no table grain_state, so it belongs to another program. {Remedy}");
            }

            outcome = SchemaOutcome.Created;
        }
        else if (!columns.SequenceEqual(Expected))
        {
            throw new StorageSchemaException(
                $"its table grain_state has the columns ({Describe(columns)}), not the ones grain state is stored in ({Describe(Expected)}), "
                + $"so it belongs to another program. {Remedy}");
        }
        else
        {
            outcome = format == FormatVersion ? SchemaOutcome.Current : SchemaOutcome.Upgraded;
        }

        // Only now is the file known to be ours: switching the journal mode of another program's file would change it.
        await ScalarAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken);
        if (outcome != SchemaOutcome.Current)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"{CreateTable}\nPRAGMA user_version = {FormatVersion};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return outcome;
    }

    private static async Task<List<Column>> ReadColumnsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, type, pk FROM pragma_table_info('grain_state') ORDER BY cid";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<Column>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(new Column(reader.GetString(0).ToLowerInvariant(), reader.GetString(1).ToUpperInvariant(), reader.GetInt32(2)));
        }

        return columns;
    }

    private static async Task<List<string>> ReadTableNamesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static string Describe(IEnumerable<Column> columns)
    {
        var list = columns.ToList();
        var key = list.Where(c => c.PrimaryKeyPosition > 0).OrderBy(c => c.PrimaryKeyPosition).Select(c => c.Name).ToList();
        var described = string.Join(", ", list.Select(c => c.Type.Length > 0 ? $"{c.Name} {c.Type}" : c.Name));
        return key.Count > 0 ? $"{described}, primary key {string.Join(", ", key)}" : described;
    }

    private readonly record struct Column(string Name, string Type, int PrimaryKeyPosition);
}
