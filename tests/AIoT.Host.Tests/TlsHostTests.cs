using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

using AIoT.Mqtt.Tests.Support;

namespace AIoT.Host.Tests;

/// <summary>The host's --mqtts and --https, as a user runs them: the self-signed certificate, a certificate of their own, and what goes wrong.</summary>
public sealed partial class TlsHostTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("aiot-tls-").FullName;

    private string[] Quick(params string[] more) =>
        ["--data", _data, "--in-memory", "--demo-households", "0", "--silo-port", "0", "--mqtt", "127.0.0.1:0", .. more];

    [Fact]
    public async Task Without_a_certificate_a_self_signed_one_is_made_once_its_fingerprint_printed_and_mosquitto_clients_trust_it_with_cafile()
    {
        var certPath = Path.Combine(_data, "tls", "aiot-cert.pem");
        var keyPath = Path.Combine(_data, "tls", "aiot-key.pem");
        string firstFingerprint;
        using (var first = AiotProcess.Start(Quick("--http", "off", "--mqtts", "127.0.0.1:0")))
        {
            await first.WaitForOutputAsync("aiot is running");
            firstFingerprint = Fingerprint(first.Output);
            Assert.Contains("made now", first.Output);
            using (var onDisk = X509Certificate2.CreateFromPem(File.ReadAllText(certPath)))
            {
                Assert.Equal(firstFingerprint, Hex(onDisk.GetCertHash(HashAlgorithmName.SHA256)));
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
            }

            var port = MqttsPort(first.Output);
            var published = await ExternalCommand.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "--cafile", certPath, "-t", "aiot/tls/retained", "-m", "over tls", "-r", "-q", "1"]);
            Assert.True(published.ExitCode == 0, published.Output);
            var received = await ExternalCommand.RunAsync("mosquitto_sub", ["-h", "127.0.0.1", "-p", port, "--cafile", certPath, "-t", "aiot/tls/#", "-C", "1", "-W", "10", "-v"]);
            Assert.True(received.ExitCode == 0, received.Output + first.Output);
            Assert.Contains("aiot/tls/retained over tls", received.Output);

            // A client that does not know the certificate is refused, and the host carries on.
            var doubting = await ExternalCommand.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "--capath", "/etc/ssl/certs", "-t", "aiot/tls/x", "-m", "x"]);
            Assert.NotEqual(0, doubting.ExitCode);
            // Each refusal is at Debug; at Information the broker sums them once an interval (10 s).
            await first.WaitForOutputAsync("1 TLS handshake failed in the last");
            first.Interrupt();
            Assert.Equal(0, await first.WaitForExitAsync());
        }

        using var second = AiotProcess.Start(Quick("--http", "off", "--mqtts", "127.0.0.1:0"));
        await second.WaitForOutputAsync("aiot is running");
        Assert.Equal(firstFingerprint, Fingerprint(second.Output));
        Assert.Contains("kept from an earlier run", second.Output);
        second.Interrupt();
        Assert.Equal(0, await second.WaitForExitAsync());
    }

    [Fact]
    public async Task A_pem_certificate_of_the_users_own_serves_mqtts_and_wss_to_mqtt_js_and_mosquitto()
    {
        using var certificate = TestCertificate.CreateSelfSigned("CN=my-aiot.example");
        var certPath = Path.Combine(_data, "server.pem");
        var keyPath = Path.Combine(_data, "server.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        using var host = AiotProcess.Start(Quick("--http", "off", "--https", "127.0.0.1:0", "--mqtts", "127.0.0.1:0", "--tls-cert", certPath, "--tls-key", keyPath));
        await host.WaitForOutputAsync("aiot is running");
        Assert.Equal(Hex(certificate.GetCertHash(HashAlgorithmName.SHA256)), Fingerprint(host.Output));
        Assert.False(Directory.Exists(Path.Combine(_data, "tls")), "no self-signed certificate is made when the user gives one");

        var mqtts = MqttsPort(host.Output);
        var wss = Regex.Match(host.Output, @"wss://127\.0\.0\.1:(\d+)/mqtt").Groups[1].Value;
        var published = await ExternalCommand.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", mqtts, "--cafile", certPath, "-t", "aiot/own/retained", "-m", "from mosquitto", "-r", "-q", "1"]);
        Assert.True(published.ExitCode == 0, published.Output);

        var script = Path.Combine(_data, "tls-client.js");
        await File.WriteAllTextAsync(script, """
            const fs = require('fs');
            const mqtt = require('mqtt');
            const [url, caFile, id] = process.argv.slice(2);
            const client = mqtt.connect(url, { ca: [fs.readFileSync(caFile)], protocolVersion: 5, clientId: id, reconnectPeriod: 0 });
            const seen = [];
            const timer = setTimeout(() => { console.log('TIMEOUT ' + seen.join(',')); process.exit(2); }, 8000);
            client.on('error', e => { console.log('ERROR ' + e.message); process.exit(3); });
            client.on('connect', () => client.subscribe('aiot/own/#', { qos: 1 }, () => client.publish('aiot/own/' + id, 'live', { qos: 1 })));
            client.on('message', (topic, payload) => {
              seen.push(`${topic}=${payload}`);
              if (seen.length === 2) { console.log('GOT ' + seen.sort().join(' ')); clearTimeout(timer); client.end(false, () => process.exit(0)); }
            });
            """);
        var node = new Dictionary<string, string> { ["NODE_PATH"] = ExternalCommand.NodeModules };
        foreach (var (url, id) in new[] { ($"mqtts://127.0.0.1:{mqtts}", "over-mqtts"), ($"wss://127.0.0.1:{wss}/mqtt", "over-wss") })
        {
            var run = await ExternalCommand.RunAsync("node", [script, url, certPath, id], node);
            Assert.True(run.ExitCode == 0, run.Output + host.Output);
            Assert.Contains($"GOT aiot/own/{id}=live aiot/own/retained=from mosquitto", run.Output);
        }

        host.Interrupt();
        Assert.Equal(0, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task A_pfx_with_its_password_is_used()
    {
        using var certificate = TestCertificate.CreateSelfSigned("CN=my-aiot.example");
        var pfxPath = Path.Combine(_data, "server.pfx");
        File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pkcs12, "s3cret"));
        var caPath = Path.Combine(_data, "ca.pem");
        File.WriteAllText(caPath, certificate.ExportCertificatePem());

        using var host = AiotProcess.Start(Quick("--http", "off", "--mqtts", "127.0.0.1:0", "--tls-cert", pfxPath, "--tls-password", "s3cret"));
        await host.WaitForOutputAsync("aiot is running");
        Assert.Equal(Hex(certificate.GetCertHash(HashAlgorithmName.SHA256)), Fingerprint(host.Output));
        var published = await ExternalCommand.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", MqttsPort(host.Output), "--cafile", caPath, "-t", "aiot/pfx", "-m", "x"]);
        Assert.True(published.ExitCode == 0, published.Output);
        host.Interrupt();
        Assert.Equal(0, await host.WaitForExitAsync());
    }

    public static TheoryData<string, string> BadCertificates => new()
    {
        { "missing", "--tls-cert: " },
        { "not-a-certificate", "is neither a PEM certificate nor a PFX" },
        { "wrong-password", "--tls-password: the PFX " },
        { "key-of-another", "--tls-key: the key in " },
        { "encrypted-key-without-password", "--tls-password: the private key in " },
    };

    [Theory]
    [MemberData(nameof(BadCertificates))]
    public async Task A_certificate_that_cannot_be_used_stops_the_start_with_the_option_named(string what, string expected)
    {
        using var certificate = TestCertificate.CreateSelfSigned("CN=my-aiot.example");
        using var other = TestCertificate.CreateSelfSigned("CN=my-aiot.example");
        var certPath = Path.Combine(_data, "server.pem");
        var keyPath = Path.Combine(_data, "server.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        string[] tls;
        switch (what)
        {
            case "missing":
                tls = ["--tls-cert", Path.Combine(_data, "nowhere.pem"), "--tls-key", keyPath];
                break;
            case "not-a-certificate":
                File.WriteAllText(Path.Combine(_data, "notes.txt"), "not a certificate");
                tls = ["--tls-cert", Path.Combine(_data, "notes.txt")];
                break;
            case "wrong-password":
                File.WriteAllBytes(Path.Combine(_data, "server.pfx"), certificate.Export(X509ContentType.Pkcs12, "right"));
                tls = ["--tls-cert", Path.Combine(_data, "server.pfx"), "--tls-password", "wrong"];
                break;
            case "key-of-another":
                using (var key = other.GetECDsaPrivateKey()!)
                {
                    File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
                }

                tls = ["--tls-cert", certPath, "--tls-key", keyPath];
                break;
            default:
                using (var key = certificate.GetECDsaPrivateKey()!)
                {
                    File.WriteAllText(keyPath, key.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
                }

                tls = ["--tls-cert", certPath, "--tls-key", keyPath];
                break;
        }

        using var host = AiotProcess.Start(Quick(["--http", "off", "--mqtts", "127.0.0.1:0", .. tls]));
        Assert.Equal(1, await host.WaitForExitAsync());
        Assert.Contains("Cannot start: --tls-", host.Output);
        Assert.Contains(expected, host.Output);
        Assert.DoesNotContain("Unhandled exception", host.Output);
        Assert.DoesNotContain("   at ", host.Output);
    }

    private static string Fingerprint(string output)
    {
        var match = FingerprintLine().Match(output);
        Assert.True(match.Success, output);
        return match.Groups[1].Value;
    }

    private static string MqttsPort(string output)
    {
        var match = Regex.Match(output, @"mqtts://127\.0\.0\.1:(\d+)");
        Assert.True(match.Success, output);
        return match.Groups[1].Value;
    }

    private static string Hex(byte[] hash) => string.Join(':', hash.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    [GeneratedRegex("SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})")]
    private static partial Regex FingerprintLine();

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
