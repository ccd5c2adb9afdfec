using System.Data.Common;
using AIoT.Storage.Relational;

namespace AIoT.Storage.Postgres;

/// <summary>The PostgreSQL statements over the table <c>aiot_grain_state</c>; see <see cref="PostgresGrainStateSchema"/>.</summary>
public sealed class PostgresGrainStateDialect : IGrainStateDialect
{
    public static PostgresGrainStateDialect Instance { get; } = new();

    public string ParameterPrefix => "@";

    public string SelectState => "SELECT payload, version FROM aiot_grain_state WHERE grain_id = @grain_id AND state_name = @state_name";

    public string SelectVersion => "SELECT version FROM aiot_grain_state WHERE grain_id = @grain_id AND state_name = @state_name";

    public string InsertIfAbsent => """
        INSERT INTO aiot_grain_state (grain_id, state_name, grain_type, payload, version, updated_at)
        VALUES (@grain_id, @state_name, @grain_type, @payload, 1, @updated_at)
        ON CONFLICT (grain_id, state_name) DO NOTHING
        """;

    // Under READ COMMITTED a concurrent UPDATE of the same row waits for the other to commit, then re-checks the
    // version on the row it left: of two writers holding the same ETag, exactly one affects the row.
    public string UpdateIfVersion => """
        UPDATE aiot_grain_state SET payload = @payload, version = version + 1, updated_at = @updated_at
        WHERE grain_id = @grain_id AND state_name = @state_name AND version = @expected_version
        """;

    public string DeleteIfVersion =>
        "DELETE FROM aiot_grain_state WHERE grain_id = @grain_id AND state_name = @state_name AND version = @expected_version";

    public Task<SchemaOutcome> EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        PostgresGrainStateSchema.EnsureAsync(connection, cancellationToken);
}
