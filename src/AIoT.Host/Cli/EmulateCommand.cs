using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AIoT.Ecosystem.Catalog;
using AIoT.Gateway.BrokerClient;
using AIoT.Gateway.Emulation;
using AIoT.Host.Web;

namespace AIoT.Host.Cli;

/// <summary>`aiot emulate`: N emulated devices, each on its own MQTT connection, speaking the device contract.</summary>
internal static class EmulateCommand
{
    public static Command Create()
    {
        var type = new Option<string>("--type") { Description = "Device type or catalog model to emulate, e.g. outlet or lumi.sensor_ht.v1 (`aiot catalog list`).", Required = true };
        var count = new Option<int>("--count") { Description = "How many devices, each on its own connection.", DefaultValueFactory = _ => 1 };
        var broker = new Option<string>("--broker") { Description = "The broker the devices connect to (mqtt://host:port, or mqtts:// for TLS).", DefaultValueFactory = _ => "mqtt://127.0.0.1:1883" };
        var brokerCa = new Option<string?>("--broker-ca") { Description = "With mqtts://: PEM file of the CA that issued the broker's certificate, when the system does not trust it." };
        var brokerFingerprint = new Option<string?>("--broker-fingerprint") { Description = "With mqtts://: SHA-256 fingerprint of the broker's certificate to accept whoever issued it (a self-signed one)." };
        var memory = new Option<bool>("--memory") { Description = "Once all devices are connected, print this process's managed heap and RSS per emulated device." };
        var api = HostApi.AddressOption();
        var token = HostApi.TokenOption();
        var noProvision = new Option<bool>("--no-provision") { Description = "Do not register the devices; connect anonymously (for an external broker that lets them in)." };
        var household = new Option<string?>("--household") { Description = "Household to register the devices in." };
        var prefix = new Option<string?>("--id-prefix") { Description = "Device ids are <prefix>-<n>; default emu-<type>." };
        var interval = new Option<TimeSpan>("--interval") { Description = "Each device reports its readings this often (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromSeconds(10) };
        var duration = new Option<TimeSpan?>("--duration") { Description = "Stop after this long (hh:mm:ss); default: until Ctrl-C." };
        var seed = new Option<int>("--seed") { Description = "Seed of the readings' drift.", DefaultValueFactory = _ => 2026 };
        var command = new Command("emulate", "Run emulated devices over MQTT: birth and will, drifting readings, set and action commands answered.")
        {
            type, count, broker, brokerCa, brokerFingerprint, api, token, noProvision, household, prefix, interval, duration, seed, memory,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var spec = DeviceCatalog.Default.Find(result.GetValue(type)!) ?? DeviceCatalog.Default.FindByType(result.GetValue(type)!);
            if (spec is null)
            {
                await Console.Error.WriteLineAsync($"--type: '{result.GetValue(type)}' is neither a device type nor a model in the catalog; `aiot catalog list` shows them.");
                return 2;
            }

            var n = result.GetValue(count);
            if (n is < 1 or > 100_000)
            {
                await Console.Error.WriteLineAsync($"--count must be between 1 and 100000 (got {n}).");
                return 2;
            }

            if (result.GetValue(interval) < TimeSpan.FromMilliseconds(100))
            {
                await Console.Error.WriteLineAsync($"--interval must be at least 00:00:00.1 (got {result.GetValue(interval)}).");
                return 2;
            }

            BrokerAddress address;
            BrokerTrust trust;
            try
            {
                address = BrokerAddress.Parse(result.GetValue(broker)!);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"--broker: {ex.Message}");
                return 2;
            }

            try
            {
                trust = BrokerTrust.Create(result.GetValue(brokerCa), result.GetValue(brokerFingerprint));
            }
            catch (BrokerTrustException ex)
            {
                await Console.Error.WriteLineAsync($"{ex.Option}: {ex.Message}");
                return 2;
            }

            if (!address.UseTls && trust != BrokerTrust.System)
            {
                await Console.Error.WriteLineAsync($"--broker-ca and --broker-fingerprint check a TLS certificate, and {address} is plain MQTT: use mqtts://.");
                return 2;
            }

            if (EmulatorCapacity.CheckFileDescriptors(n) is { } tooMany)
            {
                await Console.Error.WriteLineAsync(tooMany);
                return 2;
            }

            var idPrefix = result.GetValue(prefix) ?? $"emu-{spec.Type}";
            var ids = Enumerable.Range(1, n).Select(i => $"{idPrefix}-{i}").ToList();
            var identities = result.GetValue(noProvision)
                ? [.. ids.Select(id => new EmulatedIdentity(id, null))]
                : await ProvisionAsync(result.GetValue(api)!, result.GetValue(token), spec.Model, result.GetValue(household), ids, cancellationToken);
            if (identities is null)
            {
                return 1;
            }

            Console.WriteLine($"Emulating {n} × {spec.Model} ({spec.Type}) on {address}, reporting every {result.GetValue(interval)}");
            var baseline = result.GetValue(memory) ? EmulatorMemory.Measure() : null;
            await using var fleet = new EmulatedFleet(spec, () => new BrokerClientOptions(address) { Trust = trust }, result.GetValue(interval), result.GetValue(seed));
            var step = Math.Max(1, n / 10);
            try
            {
                await fleet.StartAsync(identities, new Progress<int>(done =>
                {
                    if (done % step == 0 || done == n)
                    {
                        Console.WriteLine($"connected {done}/{n}");
                    }
                }), cancellationToken);
            }
            catch (BrokerConnectException ex) when (ex.ReasonCode is not null)
            {
                await Console.Error.WriteLineAsync($"The broker refused a device: {ex.Message}");
                return 1;
            }
            catch (BrokerConnectException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                await Console.Error.WriteLineAsync($"Could not connect to {address}: {ex.Message}");
                return 1;
            }

            if (baseline is not null)
            {
                // Each device subscribes and announces itself right after its CONNECT; let that settle before measuring.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                    Console.WriteLine(EmulatorMemory.Measure().PerDevice(baseline, n));
                }
                catch (OperationCanceledException)
                {
                }
            }

            await RunAsync(fleet, result.GetValue(duration), cancellationToken);
            Console.WriteLine($"Stopped: {fleet.Statistics.Reports} reports, {fleet.Statistics.CommandsAnswered} commands answered, {fleet.Statistics.Refusals} refusals.");
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(EmulatedFleet fleet, TimeSpan? duration, CancellationToken stopping)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (duration is { } d)
        {
            limit.CancelAfter(d);
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(limit.Token))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fleet.Connected}/{fleet.Count} connected, {fleet.Statistics.Reports} reports, {fleet.Statistics.CommandsAnswered} commands answered, {fleet.Statistics.Refusals} refusals"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Registers each device through the host's API (or, if it exists already, issues it a new secret).</summary>
    private static async Task<List<EmulatedIdentity>?> ProvisionAsync(string api, string? apiToken, string model, string? household, IReadOnlyList<string> ids, CancellationToken token)
    {
        using var http = HostApi.Connect(api, apiToken, out var error);
        if (http is null)
        {
            await Console.Error.WriteLineAsync(error);
            return null;
        }

        var identities = new List<EmulatedIdentity>(ids.Count);
        try
        {
            foreach (var id in ids)
            {
                var response = await http.PostAsJsonAsync("api/devices", new RegisterDeviceRequest(model, household, null, null, id), token);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    // Registered before: reuse it only if it is one of ours, the same model; never take over another device.
                    using var existing = JsonDocument.Parse(await http.GetStringAsync($"api/devices/{Uri.EscapeDataString(id)}", token));
                    if (existing.RootElement.GetProperty("model").GetString() != model)
                    {
                        await Console.Error.WriteLineAsync($"Device {id} is already registered as a {existing.RootElement.GetProperty("model").GetString()}; choose another --id-prefix.");
                        return null;
                    }

                    response = await http.PostAsync($"api/devices/{Uri.EscapeDataString(id)}/secret", null, token);
                }

                var body = await response.Content.ReadAsStringAsync(token);
                if (!response.IsSuccessStatusCode)
                {
                    await Console.Error.WriteLineAsync($"Registering {id} was refused ({(int)response.StatusCode}): {body}");
                    return null;
                }

                using var document = JsonDocument.Parse(body);
                identities.Add(new EmulatedIdentity(id, document.RootElement.GetProperty("mqtt").GetProperty("password").GetString()));
            }
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync(HostApi.NotAnswering(http.BaseAddress, ex.Message) + " It registers the devices; --no-provision skips that.");
            return null;
        }

        Console.WriteLine($"Registered {ids.Count} device(s) through {api}");
        return identities;
    }
}
