using AIoT.Grains.Runtime;

namespace AIoT.Grains.Tests.Support;

public static class TestSilo
{
    public static async Task<Silo> StartAsync(Action<SiloBuilder>? configure = null)
    {
        var builder = new SiloBuilder().AddGrainAssembly(typeof(TestSilo).Assembly).AddMemoryGrainStorage();
        configure?.Invoke(builder);
        var silo = builder.Build();
        await silo.StartAsync();
        return silo;
    }

    /// <summary>Waits for a condition the grains reach on other threads; fails the test after a generous bound.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }
}
