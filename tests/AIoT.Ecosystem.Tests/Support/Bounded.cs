namespace AIoT.Ecosystem.Tests.Support;

/// <summary>Waits on the event itself, never on the clock, and fails the test when it does not come.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static Task Within(this Task task, string what) => task.Within(() => what);

    /// <summary>As <see cref="Within(Task, string)"/>, saying what happened instead at the moment it gives up.</summary>
    public static async Task Within(this Task task, Func<string> what)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Waited {Timeout.TotalSeconds:0} s for {what()}; it did not happen.");
        }
    }

    public static async Task<T> Within<T>(this Task<T> task, string what)
    {
        await ((Task)task).Within(what);
        return await task;
    }
}
