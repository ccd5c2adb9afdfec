using System.Data;
using System.Data.Common;

namespace AIoT.Storage.Relational;

/// <summary>
/// One statement prepared once on a connection that this storage keeps open, with its parameters created once and
/// only their values set per use: the write path runs thousands of these a second.
/// </summary>
internal sealed class PreparedCommand : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    private PreparedCommand(DbConnection connection, string sql, string parameterPrefix, (string Name, DbType Type)[] parameters)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _parameters = new DbParameter[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = parameterPrefix + parameters[i].Name;
            parameter.DbType = parameters[i].Type;
            _command.Parameters.Add(parameter);
            _parameters[i] = parameter;
        }
    }

    public static async Task<PreparedCommand> PrepareAsync(
        DbConnection connection, string sql, string parameterPrefix, CancellationToken cancellationToken, params (string Name, DbType Type)[] parameters)
    {
        var command = new PreparedCommand(connection, sql, parameterPrefix, parameters);
        try
        {
            await command._command.PrepareAsync(cancellationToken);
            return command;
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }

    public DbTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    /// <summary>Sets the value of the parameter at <paramref name="index"/>, in the order the parameters were declared.</summary>
    public PreparedCommand Set(int index, object value)
    {
        _parameters[index].Value = value;
        return this;
    }

    public Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default) => _command.ExecuteNonQueryAsync(cancellationToken);

    public Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default) => _command.ExecuteScalarAsync(cancellationToken);

    public Task<DbDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) =>
        _command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
