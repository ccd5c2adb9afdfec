namespace AIoT.Storage.Relational;

/// <summary>
/// A change waiting for the writer. It may run more than once (a failed group is rerun one operation at a time), so
/// <see cref="ExecuteAsync"/> recomputes its result each time, and its caller hears only after the commit.
/// </summary>
internal abstract class WriteOperation
{
    /// <summary>How many rows this operation touches, counted against the writer's batch size.</summary>
    public abstract int RowCount { get; }

    public abstract Task ExecuteAsync(PreparedWriteCommands commands, long updatedAt);

    /// <summary>Tells the caller the outcome of the last <see cref="ExecuteAsync"/>, once its transaction committed.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception error);
}

/// <inheritdoc />
internal abstract class WriteOperation<TResult> : WriteOperation
{
    // Continuations run off the writer loop, so a thousand callers resuming do not delay the next transaction.
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Completion => _completion.Task;

    protected abstract TResult Result { get; }

    public sealed override void Complete() => _completion.TrySetResult(Result);

    public sealed override void Fail(Exception error) => _completion.TrySetException(error);
}
