namespace AIoT.Dashboard.Tests.Support;

/// <summary>Waits for a condition the host reaches in its own time (outside the page, where Playwright's expect cannot wait); fails after a bound.</summary>
internal static class Eventually
{
    public static async Task Async(Func<Task<bool>> condition, string what, int timeoutMs = 15_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out after {timeoutMs} ms waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }
}
