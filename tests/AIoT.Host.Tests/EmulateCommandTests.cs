namespace AIoT.Host.Tests;

/// <summary>`aiot emulate` refuses what it cannot do before it connects anything, naming the option or the limit.</summary>
public sealed class EmulateCommandTests
{
    [Fact]
    public async Task A_bad_broker_tls_option_is_named()
    {
        using var plain = AiotProcess.Start("emulate", "--type", "outlet", "--no-provision", "--broker", "mqtt://127.0.0.1:1883", "--broker-fingerprint", new string('a', 64));
        Assert.Equal(2, await plain.WaitForExitAsync());
        Assert.Contains("--broker-ca and --broker-fingerprint check a TLS certificate, and mqtt://127.0.0.1:1883 is plain MQTT: use mqtts://.", plain.Output);

        using var fingerprint = AiotProcess.Start("emulate", "--type", "outlet", "--no-provision", "--broker", "mqtts://127.0.0.1", "--broker-fingerprint", "12:34");
        Assert.Equal(2, await fingerprint.WaitForExitAsync());
        Assert.Contains("--broker-fingerprint: '12:34' is not a SHA-256 fingerprint", fingerprint.Output);
    }

    [Fact]
    public async Task An_unreachable_broker_is_named_and_the_command_fails()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var emulator = AiotProcess.Start("emulate", "--type", "outlet", "--no-provision", "--broker", $"mqtt://127.0.0.1:{port}");
        Assert.Equal(1, await emulator.WaitForExitAsync());
        Assert.Contains($"Cannot reach the broker at mqtt://127.0.0.1:{port}", emulator.Output);
        Assert.DoesNotContain("Unhandled exception", emulator.Output);
    }
}
