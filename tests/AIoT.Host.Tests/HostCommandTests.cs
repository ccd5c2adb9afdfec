namespace AIoT.Host.Tests;

public sealed class HostCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("aiot-host-").FullName;

    [Fact]
    public async Task The_host_starts_runs_until_ctrl_c_stops_cleanly_and_keeps_state_across_restarts()
    {
        using (var first = AiotProcess.Start("--data", _data))
        {
            await first.WaitForOutputAsync("aiot is running");
            Assert.Contains("boot #1", first.Output);
            Assert.Contains(Path.Combine(_data, "grains.db"), first.Output);
            first.Interrupt();
            Assert.Equal(0, await first.WaitForExitAsync());
            Assert.Contains("Stopped cleanly", first.Output);
        }

        using var second = AiotProcess.Start("--data", _data);
        await second.WaitForOutputAsync("aiot is running");
        Assert.Contains("boot #2", second.Output);
        second.Interrupt();
        Assert.Equal(0, await second.WaitForExitAsync());
    }

    [Fact]
    public async Task Help_lists_the_options()
    {
        using var help = AiotProcess.Start("--help");
        Assert.Equal(0, await help.WaitForExitAsync());
        foreach (var option in new[] { "--data", "--in-memory", "--collection-age", "--call-timeout", "--log-level" })
        {
            Assert.Contains(option, help.Output);
        }
    }

    [Fact]
    public async Task A_wrong_option_value_is_refused_with_the_option_named()
    {
        using var wrong = AiotProcess.Start("--call-timeout", "-00:00:05", "--in-memory");
        Assert.NotEqual(0, await wrong.WaitForExitAsync());
        Assert.Contains("--call-timeout", wrong.Output);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
