namespace AIoT.Host.Tests;

public sealed class HostCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("aiot-host-").FullName;

    [Fact]
    public async Task The_host_starts_runs_until_ctrl_c_stops_cleanly_and_keeps_state_across_restarts()
    {
        using (var first = AiotProcess.Start("--data", _data, "--mqtt", "127.0.0.1:0", "--http", "127.0.0.1:0"))
        {
            await first.WaitForOutputAsync("aiot is running");
            Assert.Contains("3 households", first.Output);
            Assert.Contains("3 created, 0 restored", first.Output);
            await first.WaitForOutputAsync("first step applied");
            Assert.Contains(Path.Combine(_data, "grains.db"), first.Output);
            first.Interrupt();
            Assert.Equal(0, await first.WaitForExitAsync());
            Assert.Contains("Stopped cleanly", first.Output);
        }

        using var second = AiotProcess.Start("--data", _data, "--mqtt", "127.0.0.1:0", "--http", "127.0.0.1:0");
        await second.WaitForOutputAsync("aiot is running");
        Assert.Contains("0 created, 3 restored", second.Output);
        var population = System.Text.RegularExpressions.Regex.Match(second.Output, @"(\d+) devices \((\d+) online from the last run\)");
        Assert.True(population.Success, second.Output);
        Assert.Equal(population.Groups[1].Value, population.Groups[2].Value);
        second.Interrupt();
        Assert.Equal(0, await second.WaitForExitAsync());
    }

    [Fact]
    public async Task Help_lists_the_options()
    {
        using var help = AiotProcess.Start("--help");
        Assert.Equal(0, await help.WaitForExitAsync());
        foreach (var option in new[] { "--data", "--in-memory", "--collection-age", "--call-timeout", "--log-level", "--demo-households", "--seed", "--speed", "catalog" })
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

    [Fact]
    public async Task A_taken_mqtt_port_is_named_with_what_to_do_and_nothing_is_left_running()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        using var host = AiotProcess.Start("--in-memory", "--demo-households", "0", "--mqtt", $"127.0.0.1:{port}", "--http", "127.0.0.1:0");
        Assert.Equal(1, await host.WaitForExitAsync());
        Assert.Contains($"--mqtt: 127.0.0.1:{port} is already in use", host.Output);
        Assert.DoesNotContain("Unhandled exception", host.Output);
    }

    [Fact]
    public async Task Catalog_check_names_the_broken_file_and_field()
    {
        File.WriteAllText(Path.Combine(_data, "toaster.json"), """{"model":"acme.toaster","name":"Toaster","type":"urn:miot-spec-v2:device:toaster:0000B001:acme-t1:1","services":[{"siid":2,"name":"toaster","properties":[{"piid":1,"name":"heat","format":"uint8","access":["read"],"range":[0,900,1]}]}]}""");
        using var check = AiotProcess.Start("catalog", "check", _data);
        Assert.Equal(1, await check.WaitForExitAsync());
        Assert.Contains("toaster.json: device 'acme.toaster': service 2 property 1 'heat': value-range [0, 900, 1] does not fit format uint8", check.Output);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
