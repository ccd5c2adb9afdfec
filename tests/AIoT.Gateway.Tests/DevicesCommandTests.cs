using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Gateway.Tests;

/// <summary>`aiot devices add | list | secret | remove`, run as a user runs them, against a running host.</summary>
public sealed class DevicesCommandTests
{
    [Fact]
    public async Task Devices_are_added_listed_given_a_new_secret_and_removed_from_the_command_line()
    {
        await using var host = await TestHost.StartAsync();
        var api = $"http://127.0.0.1:{host.HttpPort}";

        var (added, addOutput) = await AiotAsync("devices", "add", "--api", api, "--model", "outlet", "--household", "flat", "--room", "hall", "--id", "cli-plug");
        Assert.True(added == 0, addOutput);
        Assert.Contains("\"password\"", addOutput, StringComparison.Ordinal);
        Assert.Contains("\"clientId\": \"cli-plug\"", addOutput, StringComparison.Ordinal);

        var (listed, listOutput) = await AiotAsync("devices", "list", "--api", api);
        Assert.Equal(0, listed);
        Assert.Contains("cli-plug", listOutput, StringComparison.Ordinal);
        Assert.Contains("cuco.plug.v2eur", listOutput, StringComparison.Ordinal);

        var (renewed, renewOutput) = await AiotAsync("devices", "secret", "cli-plug", "--api", api);
        Assert.True(renewed == 0, renewOutput);

        var (removed, removeOutput) = await AiotAsync("devices", "remove", "cli-plug", "--api", api);
        Assert.True(removed == 0, removeOutput);
        Assert.Empty((await host.Provisioner.ListAsync()).Devices);
    }

    [Fact]
    public async Task A_wrong_model_or_a_missing_host_is_named_in_the_error()
    {
        await using var host = await TestHost.StartAsync();
        var (wrong, wrongOutput) = await AiotAsync("devices", "add", "--api", $"http://127.0.0.1:{host.HttpPort}", "--model", "toaster");
        Assert.Equal(1, wrong);
        Assert.Contains("model: 'toaster' is not in the device catalog", wrongOutput, StringComparison.Ordinal);

        var (missing, missingOutput) = await AiotAsync("devices", "list", "--api", "http://127.0.0.1:1");
        Assert.Equal(2, missing);
        Assert.Contains("No aiot host answers at http://127.0.0.1:1/", missingOutput, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> AiotAsync(params string[] args)
    {
        using var aiot = ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "aiot.dll"), .. args]);
        var exit = await aiot.WaitAsync(60_000);
        return (exit, aiot.Output);
    }
}
