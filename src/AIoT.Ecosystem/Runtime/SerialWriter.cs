namespace AIoT.Ecosystem.Runtime;

/// <summary>
/// Keeps one write of a persistent state in flight in a reentrant grain: a write asked for while another runs starts
/// after it, with the state as it is then. Two writes at once would race on the ETag (Orleans' Chirper sample notes
/// the same).
/// </summary>
internal sealed class SerialWriter(Func<Task> write)
{
    private Task _last = Task.CompletedTask;

    public Task WriteAsync()
    {
        _last = _last.IsCompleted ? write() : After(_last);
        return _last;
    }

    private async Task After(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The earlier write's caller sees its failure; this one writes the newer state regardless.
        }

        await write();
    }
}
