using System.Data;
using System.Data.Common;
using P = AIoT.Storage.Relational.GrainStateParameters;

namespace AIoT.Storage.Relational;

/// <summary>The writer's four statements, prepared on its one connection; every write runs inside the writer's transaction.</summary>
internal sealed class PreparedWriteCommands : IAsyncDisposable
{
    private readonly PreparedCommand _insert;
    private readonly PreparedCommand _update;
    private readonly PreparedCommand _delete;
    private readonly PreparedCommand _selectVersion;

    private PreparedWriteCommands(PreparedCommand insert, PreparedCommand update, PreparedCommand delete, PreparedCommand selectVersion)
    {
        _insert = insert;
        _update = update;
        _delete = delete;
        _selectVersion = selectVersion;
    }

    public static async Task<PreparedWriteCommands> PrepareAsync(DbConnection connection, IGrainStateDialect dialect, CancellationToken cancellationToken)
    {
        var prefix = dialect.ParameterPrefix;
        var prepared = new List<PreparedCommand>(4);
        try
        {
            prepared.Add(await PreparedCommand.PrepareAsync(
                connection, dialect.InsertIfAbsent, prefix, cancellationToken,
                (P.GrainId, DbType.String), (P.StateName, DbType.String), (P.GrainType, DbType.String), (P.Payload, DbType.Binary), (P.UpdatedAt, DbType.Int64)));
            prepared.Add(await PreparedCommand.PrepareAsync(
                connection, dialect.UpdateIfVersion, prefix, cancellationToken,
                (P.GrainId, DbType.String), (P.StateName, DbType.String), (P.Payload, DbType.Binary), (P.UpdatedAt, DbType.Int64), (P.ExpectedVersion, DbType.Int64)));
            prepared.Add(await PreparedCommand.PrepareAsync(
                connection, dialect.DeleteIfVersion, prefix, cancellationToken,
                (P.GrainId, DbType.String), (P.StateName, DbType.String), (P.ExpectedVersion, DbType.Int64)));
            prepared.Add(await PreparedCommand.PrepareAsync(
                connection, dialect.SelectVersion, prefix, cancellationToken,
                (P.GrainId, DbType.String), (P.StateName, DbType.String)));
            return new PreparedWriteCommands(prepared[0], prepared[1], prepared[2], prepared[3]);
        }
        catch
        {
            foreach (var command in prepared)
            {
                await command.DisposeAsync();
            }

            throw;
        }
    }

    public void Enlist(DbTransaction transaction)
    {
        _insert.Transaction = transaction;
        _update.Transaction = transaction;
        _delete.Transaction = transaction;
        _selectVersion.Transaction = transaction;
    }

    /// <returns>Whether the row was inserted; false when it already existed.</returns>
    public async Task<bool> InsertIfAbsentAsync(string grainId, string stateName, string grainType, byte[] payload, long updatedAt) =>
        await _insert.Set(0, grainId).Set(1, stateName).Set(2, grainType).Set(3, payload).Set(4, updatedAt).ExecuteNonQueryAsync() == 1;

    /// <returns>Whether the row had the expected version and was replaced.</returns>
    public async Task<bool> UpdateIfVersionAsync(string grainId, string stateName, byte[] payload, long updatedAt, long expectedVersion) =>
        await _update.Set(0, grainId).Set(1, stateName).Set(2, payload).Set(3, updatedAt).Set(4, expectedVersion).ExecuteNonQueryAsync() == 1;

    /// <returns>Whether the row had the expected version and was deleted.</returns>
    public async Task<bool> DeleteIfVersionAsync(string grainId, string stateName, long expectedVersion) =>
        await _delete.Set(0, grainId).Set(1, stateName).Set(2, expectedVersion).ExecuteNonQueryAsync() == 1;

    public async Task<long?> SelectVersionAsync(string grainId, string stateName) =>
        await _selectVersion.Set(0, grainId).Set(1, stateName).ExecuteScalarAsync() switch
        {
            null or DBNull => null,
            var value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        };

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _update.DisposeAsync();
        await _delete.DisposeAsync();
        await _selectVersion.DisposeAsync();
    }
}
