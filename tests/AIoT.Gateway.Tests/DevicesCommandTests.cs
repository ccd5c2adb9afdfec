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

    [Fact]
    public async Task A_fleet_file_is_registered_with_devices_add_from_and_listed_across_pages()
    {
        await using var host = await TestHost.StartAsync();
        var api = $"http://127.0.0.1:{host.HttpPort}";
        var file = Path.Combine(Directory.CreateTempSubdirectory("aiot-fleet-").FullName, "fleet.json");
        File.WriteAllText(file, System.Text.Json.JsonSerializer.Serialize(Enumerable.Range(0, 12_000).Select(i => new { model = "outlet", id = $"fleet-{i:D5}" })));

        var (added, addOutput) = await AiotAsync("devices", "add", "--api", api, "--from", file);
        Assert.True(added == 0, addOutput[..Math.Min(addOutput.Length, 2_000)]);
        Assert.Contains("Registered 12000 device(s).", addOutput, StringComparison.Ordinal);
        Assert.Contains("\"clientId\": \"fleet-11999\"", addOutput, StringComparison.Ordinal);
        Assert.Equal(12_000, await host.Provisioner.CountAsync());

        // The list follows the pages to the end (1,000 per request).
        var (listed, listOutput) = await AiotAsync("devices", "list", "--api", api);
        Assert.Equal(0, listed);
        Assert.Contains("fleet-11999", listOutput, StringComparison.Ordinal);
        Assert.Contains("12000 device(s).", listOutput, StringComparison.Ordinal);

        File.WriteAllText(file, "[{\"model\": \"outlet\"");
        var (broken, brokenOutput) = await AiotAsync("devices", "add", "--api", api, "--from", file);
        Assert.Equal(2, broken);
        Assert.Contains($"--from {file}", brokenOutput, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    private static async Task<(int ExitCode, string Output)> AiotAsync(params string[] args)
    {
        using var aiot = ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "aiot.dll"), .. args]);
        var exit = await aiot.WaitAsync(60_000);
        return (exit, aiot.Output);
    }
}
