using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace AIoT.Host.Registry;

/// <summary>
/// SQLite has one writer at a time. Instead of many connections taking turns at the file lock (and sleeping in its busy
/// handler), writes queue here and one connection commits whatever is queued in one transaction: a hundred concurrent
/// registrations cost about one commit.
/// </summary>
internal sealed class DirectoryWriter : IAsyncDisposable
{
    private const int MaxWritesPerCommit = 512;

    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly Task _loop;

    public DirectoryWriter(SqliteConnection connection)
    {
        _connection = connection;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs <paramref name="write"/> inside the next commit; completes once that commit is durable (or failed).</summary>
    public Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = new Write(
            async (connection, transaction) =>
            {
                var result = await write(connection, transaction);
                return () => done.TrySetResult(result);
            },
            ex => done.TrySetException(ex));
        if (!_queue.Writer.TryWrite(queued))
        {
            done.TrySetException(new ObjectDisposedException(nameof(DirectoryWriter), "The device directory is closed: the host is stopping."));
        }

        return done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Write>(MaxWritesPerCommit);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxWritesPerCommit && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                await CommitAsync(batch);
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One bad write must not refuse the others queued with it: each goes again on its own.
                foreach (var write in batch)
                {
                    try
                    {
                        await CommitAsync([write]);
                    }
                    catch (Exception ex)
                    {
                        write.Fail(ex);
                    }
                }
            }
            catch (Exception ex)
            {
                batch[0].Fail(ex);
            }
        }
    }

    private async Task CommitAsync(IReadOnlyList<Write> writes)
    {
        var completions = new List<Action>(writes.Count);
        await using (var transaction = _connection.BeginTransaction(deferred: false))
        {
            foreach (var write in writes)
            {
                completions.Add(await write.Apply(_connection, transaction));
            }

            await transaction.CommitAsync();
        }

        // Only a committed write is reported done.
        foreach (var complete in completions)
        {
            complete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
    }

    /// <summary>A queued write: applied inside the batch's transaction, it returns what reports it done after the commit.</summary>
    private sealed record Write(Func<SqliteConnection, SqliteTransaction, Task<Action>> Apply, Action<Exception> Fail);
}
