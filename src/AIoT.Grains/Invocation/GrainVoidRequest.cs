namespace AIoT.Grains.Invocation;

/// <summary>A call whose method returns a plain Task (or nothing, for one-way calls).</summary>
public abstract class GrainVoidRequest : GrainRequest
{
    private TaskCompletionSource? _promise;

    protected abstract Task InvokeCore(object target);

    internal override Task Start(object target)
    {
        try
        {
            return InvokeCore(target) ?? Task.FromException(new InvalidOperationException($"{InterfaceName}.{MethodName} returned a null task."));
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    internal override void CreatePromise(bool runContinuationsAsynchronously) =>
        _promise = new TaskCompletionSource(runContinuationsAsynchronously ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);

    internal override bool HasPromise => _promise is not null;

    internal override Task Promise => _promise!.Task;

    internal override void Complete(Task task)
    {
        if (_promise is null)
        {
            return;
        }

        if (task.IsCompletedSuccessfully)
        {
            _promise.TrySetResult();
        }
        else if (task.IsCanceled)
        {
            _promise.TrySetCanceled();
        }
        else
        {
            _promise.TrySetException(task.Exception!.InnerExceptions);
        }
    }

    internal override void Fail(Exception exception) => _promise?.TrySetException(exception);
}
