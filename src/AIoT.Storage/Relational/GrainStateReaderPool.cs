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
            var connection = await connections.OpenAsync(cancellationToken);
            try
            {
                var select = await PreparedCommand.PrepareAsync(
                    connection, dialect.SelectState, dialect.ParameterPrefix, cancellationToken, (P.GrainId, DbType.String), (P.StateName, DbType.String));
                var reader = new Reader(connection, select);
                _all.Add(reader);
                _idle.Writer.TryWrite(reader);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Reads one row; waits for a free connection, and until <see cref="OpenAsync"/> when called before it.</summary>
    public async Task<StoredState?> ReadAsync(string grainId, string stateName, CancellationToken cancellationToken)
    {
        var reader = await BorrowAsync(cancellationToken);
        try
        {
            await using var rows = await reader.Select.Set(0, grainId).Set(1, stateName).ExecuteReaderAsync(cancellationToken);
            if (!await rows.ReadAsync(cancellationToken))
            {
                return null;
            }

            return new StoredState(rows.GetFieldValue<byte[]>(0), rows.GetInt64(1));
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

    private sealed class Reader(DbConnection connection, PreparedCommand select) : IAsyncDisposable
    {
        public PreparedCommand Select { get; } = select;

        public async ValueTask DisposeAsync()
        {
            await Select.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
