using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AIoT.Storage.Relational;

/// <summary>
/// The one writer of a storage, doing group commit: callers queue their changes, and a single loop takes whatever is
/// waiting (up to the batch size in rows) and runs it in one transaction on one connection with prepared statements.
/// Each change keeps its own version check and its own outcome; a stale ETag refuses only its own caller. Callers are
/// told after the commit, so an acknowledged write is durable.
/// </summary>
internal sealed partial class GrainStateWriter
{
    private readonly Channel<WriteOperation> _queue =
        Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });

    private readonly string _storageName;
    private readonly int _batchSize;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private IGrainStateConnectionFactory? _connections;
    private IGrainStateDialect? _dialect;
    private DbConnection? _connection;
    private PreparedWriteCommands? _commands;
    private Task? _loop;

    public GrainStateWriter(string storageName, int batchSize, TimeProvider timeProvider, ILogger logger)
    {
        _storageName = storageName;
        _batchSize = batchSize;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Queues a change; changes queued before <see cref="StartAsync"/> wait for it.</summary>
    public Task<TResult> SubmitAsync<TResult>(WriteOperation<TResult> operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new GrainStorageUnavailableException($"Grain storage '{_storageName}' has stopped and takes no more writes.");
        }

        return operation.Completion;
    }

    /// <summary>Takes ownership of <paramref name="connection"/> and starts the loop; <paramref name="connections"/> replaces it when it breaks.</summary>
    public async Task StartAsync(DbConnection connection, IGrainStateConnectionFactory connections, IGrainStateDialect dialect, CancellationToken cancellationToken)
    {
        _commands = await PreparedWriteCommands.PrepareAsync(connection, dialect, cancellationToken);
        _connection = connection;
        _connections = connections;
        _dialect = dialect;
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>Takes no more changes, finishes those queued, then closes the connection.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is null)
        {
            // Never started: nothing will run what is queued.
            while (_queue.Reader.TryRead(out var operation))
            {
                operation.Fail(new GrainStorageUnavailableException($"Grain storage '{_storageName}' did not start."));
            }

            return;
        }

        await _loop;
        if (_commands is not null)
        {
            await _commands.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteOperation>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            var rows = 0;
            while (rows < _batchSize && _queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
                rows += operation.RowCount;
            }

            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<WriteOperation> batch)
    {
        try
        {
            await EnsureConnectedAsync();
        }
        catch (GrainStorageUnavailableException unreachable)
        {
            FailAll(batch, unreachable);
            return;
        }

        try
        {
            await RunInTransactionAsync(batch);
            foreach (var operation in batch)
            {
                operation.Complete();
            }

            return;
        }
        catch (Exception error) when (batch.Count == 1 && !IsBroken)
        {
            batch[0].Fail(error);
            return;
        }
        catch (Exception error)
        {
            LogBatchFailed(error, _storageName, batch.Count);
        }

        // The group was rolled back whole; rerun each change alone so only the one that fails hears of it. A change
        // whose commit reached the database before its connection broke is refused by its own version check.
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                await EnsureConnectedAsync();
                await RunInTransactionAsync([batch[i]]);
                batch[i].Complete();
            }
            catch (GrainStorageUnavailableException unreachable)
            {
                FailAll(batch[i..], unreachable);
                return;
            }
            catch (Exception error)
            {
                batch[i].Fail(error);
            }
        }
    }

    private static void FailAll(IEnumerable<WriteOperation> operations, Exception error)
    {
        foreach (var operation in operations)
        {
            operation.Fail(error);
        }
    }

    private bool IsBroken => _connection is null || _connection.State != ConnectionState.Open;

    /// <summary>
    /// A connection the database dropped (a restart, a failover, a network cut) is replaced before the next write,
    /// so the storage recovers on its own once the database is back; until then each write fails naming it.
    /// </summary>
    private async Task EnsureConnectedAsync()
    {
        if (!IsBroken)
        {
            return;
        }

        if (_commands is not null)
        {
            await _commands.DisposeAsync();
            _commands = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        try
        {
            var connection = await _connections!.OpenAsync(CancellationToken.None);
            try
            {
                _commands = await PreparedWriteCommands.PrepareAsync(connection, _dialect!, CancellationToken.None);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }

            _connection = connection;
            LogReconnected(_storageName, _connections.DataSourceDescription);
        }
        catch (Exception error) when (error is not GrainStorageUnavailableException)
        {
            throw new GrainStorageUnavailableException($"Grain storage '{_storageName}' lost its connection to the {_connections!.DataSourceDescription} and cannot open another: {error.Message}", error);
        }
    }

    private async Task RunInTransactionAsync(IReadOnlyList<WriteOperation> operations)
    {
        var updatedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var transaction = await _connection!.BeginTransactionAsync();
        _commands!.Enlist(transaction);
        foreach (var operation in operations)
        {
            await operation.ExecuteAsync(_commands, updatedAt);
        }

        await transaction.CommitAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {StorageName}: its writer connected again to the {DataSource}")]
    private partial void LogReconnected(string storageName, string dataSource);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {StorageName}: a group of {Count} writes failed and was rolled back; running them one by one")]
    private partial void LogBatchFailed(Exception error, string storageName, int count);
}
