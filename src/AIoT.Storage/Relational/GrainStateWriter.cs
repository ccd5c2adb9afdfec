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

    /// <summary>Takes ownership of <paramref name="connection"/> and starts the loop.</summary>
    public async Task StartAsync(DbConnection connection, IGrainStateDialect dialect, CancellationToken cancellationToken)
    {
        _commands = await PreparedWriteCommands.PrepareAsync(connection, dialect, cancellationToken);
        _connection = connection;
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
        await _commands!.DisposeAsync();
        await _connection!.DisposeAsync();
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
            await RunInTransactionAsync(batch);
            foreach (var operation in batch)
            {
                operation.Complete();
            }

            return;
        }
        catch (Exception error) when (batch.Count == 1)
        {
            batch[0].Fail(error);
            return;
        }
        catch (Exception error)
        {
            LogBatchFailed(error, _storageName, batch.Count);
        }

        // The group was rolled back whole; rerun each change alone so only the one that fails hears of it.
        foreach (var operation in batch)
        {
            try
            {
                await RunInTransactionAsync([operation]);
                operation.Complete();
            }
            catch (Exception error)
            {
                operation.Fail(error);
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {StorageName}: a group of {Count} writes failed and was rolled back; running them one by one")]
    private partial void LogBatchFailed(Exception error, string storageName, int count);
}
