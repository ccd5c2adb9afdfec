namespace AIoT.Grains.Invocation;

/// <summary>A call whose method returns a value.</summary>
public abstract class GrainRequest<TResult> : GrainRequest
{
    private TaskCompletionSource<TResult>? _promise;

    protected abstract Task<TResult> InvokeCore(object target);

    internal override Task Start(object target)
    {
        try
        {
            return InvokeCore(target) ?? Task.FromException<TResult>(new InvalidOperationException($"{InterfaceName}.{MethodName} returned a null task."));
        }
        catch (Exception ex)
        {
            return Task.FromException<TResult>(ex);
        }
    }

    internal override void CreatePromise(bool runContinuationsAsynchronously) =>
        _promise = new TaskCompletionSource<TResult>(runContinuationsAsynchronously ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);

    internal override bool HasPromise => _promise is not null;

    internal override Task Promise => _promise!.Task;

    internal override void Complete(Task task)
    {
        if (_promise is null)
        {
            return;
        }

        var typed = (Task<TResult>)task;
        if (typed.IsCompletedSuccessfully)
        {
            _promise.TrySetResult(typed.Result);
        }
        else if (typed.IsCanceled)
        {
            _promise.TrySetCanceled();
        }
        else
        {
            _promise.TrySetException(typed.Exception!.InnerExceptions);
        }
    }

    internal override void Fail(Exception exception) => _promise?.TrySetException(exception);
}
