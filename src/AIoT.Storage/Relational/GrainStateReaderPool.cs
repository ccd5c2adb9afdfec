using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using P = AIoT.Storage.Relational.GrainStateParameters;

namespace AIoT.Storage.Relational;

/// <summary>
/// A fixed set of open connections, each with its SELECT prepared, lent to one read at a time; reads run side by side
/// with each other and with the writer.
/// </summary>
internal sealed class GrainStateReaderPool
{
    private readonly Channel<Reader> _idle = Channel.CreateUnbounded<Reader>();
    private readonly List<Reader> _all = [];
    private readonly string _storageName;
    private volatile bool _stopping;

    public GrainStateReaderPool(string storageName) => _storageName = storageName;

    public async Task OpenAsync(IGrainStateConnectionFactory connections, IGrainStateDialect dialect, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var reader = new Reader(connections, dialect);
            await reader.OpenAsync(cancellationToken);
            _all.Add(reader);
            _idle.Writer.TryWrite(reader);
        }
    }

    /// <summary>Reads one row; waits for a free connection, and until <see cref="OpenAsync"/> when called before it.</summary>
    public async Task<StoredState?> ReadAsync(string grainId, string stateName, CancellationToken cancellationToken)
    {
        var reader = await BorrowAsync(cancellationToken);
        try
        {
            try
            {
                return await reader.ReadAsync(grainId, stateName, cancellationToken);
            }
            catch (DbException) when (reader.IsBroken)
            {
                // The database dropped the connection (a restart, a failover): one more try on a new one.
                await reader.OpenAsync(cancellationToken);
                return await reader.ReadAsync(grainId, stateName, cancellationToken);
            }
        }
        finally
        {
            _idle.Writer.TryWrite(reader);
        }
    }

    /// <summary>Lets the reads in progress finish, then closes every connection.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var closed = new HashSet<Reader>();
        try
        {
            while (closed.Count < _all.Count)
            {
                var reader = await _idle.Reader.ReadAsync(cancellationToken);
                closed.Add(reader);
                await reader.DisposeAsync();
            }
        }
        finally
        {
            _idle.Writer.TryComplete();
            // Out of patience: close the connections still lent out; their reads fail rather than keep the file open.
            foreach (var reader in _all.Where(reader => !closed.Contains(reader)))
            {
                await reader.DisposeAsync();
            }
        }
    }

    private async ValueTask<Reader> BorrowAsync(CancellationToken cancellationToken)
    {
        if (!_stopping)
        {
            try
            {
                return await _idle.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
            }
        }

        throw new GrainStorageUnavailableException($"Grain storage '{_storageName}' has stopped and serves no more reads.");
    }

    /// <summary>One connection with its SELECT prepared; opened again when the database dropped it.</summary>
    private sealed class Reader(IGrainStateConnectionFactory connections, IGrainStateDialect dialect) : IAsyncDisposable
    {
        private DbConnection? _connection;
        private PreparedCommand? _select;

        public bool IsBroken => _connection is null || _connection.State != ConnectionState.Open;

        public async Task OpenAsync(CancellationToken cancellationToken)
        {
            await DisposeAsync();
            var connection = await connections.OpenAsync(cancellationToken);
            try
            {
                _select = await PreparedCommand.PrepareAsync(
                    connection, dialect.SelectState, dialect.ParameterPrefix, cancellationToken, (P.GrainId, DbType.String), (P.StateName, DbType.String));
                _connection = connection;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public async Task<StoredState?> ReadAsync(string grainId, string stateName, CancellationToken cancellationToken)
        {
            if (IsBroken)
            {
                await OpenAsync(cancellationToken);
            }

            await using var rows = await _select!.Set(0, grainId).Set(1, stateName).ExecuteReaderAsync(cancellationToken);
            return await rows.ReadAsync(cancellationToken) ? new StoredState(rows.GetFieldValue<byte[]>(0), rows.GetInt64(1)) : null;
        }

        public async ValueTask DisposeAsync()
        {
            if (_select is not null)
            {
                await _select.DisposeAsync();
                _select = null;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
    }
}
