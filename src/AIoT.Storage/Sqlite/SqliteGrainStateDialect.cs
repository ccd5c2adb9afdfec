using System.Data.Common;
using AIoT.Storage.Relational;

namespace AIoT.Storage.Sqlite;

/// <summary>The SQLite statements over the table <c>grain_state</c>, the layout the replaced runtime wrote.</summary>
public sealed class SqliteGrainStateDialect : IGrainStateDialect
{
    public static SqliteGrainStateDialect Instance { get; } = new();

    public string ParameterPrefix => "$";

    public string SelectState => "SELECT payload, version FROM grain_state WHERE grain_id = $grain_id AND state_name = $state_name";

    public string SelectVersion => "SELECT version FROM grain_state WHERE grain_id = $grain_id AND state_name = $state_name";

    public string InsertIfAbsent => """
        INSERT INTO grain_state (grain_id, state_name, grain_type, payload, version, updated_at)
        VALUES ($grain_id, $state_name, $grain_type, $payload, 1, $updated_at)
        ON CONFLICT (grain_id, state_name) DO NOTHING
        """;

    public string UpdateIfVersion => """
        UPDATE grain_state SET payload = $payload, version = version + 1, updated_at = $updated_at
        WHERE grain_id = $grain_id AND state_name = $state_name AND version = $expected_version
        """;

    public string DeleteIfVersion =>
        "DELETE FROM grain_state WHERE grain_id = $grain_id AND state_name = $state_name AND version = $expected_version";

    public Task<SchemaOutcome> EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        SqliteGrainStateSchema.EnsureAsync(connection, cancellationToken);
}
