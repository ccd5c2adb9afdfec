using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace AIoT.Host.Tests.Cluster;

/// <summary>
/// kill -9 of one silo of three: what was acknowledged survives, its devices carry on through the others, and a fourth
/// silo joining takes a share of new activations. The recovery times go to the test output and to cluster-failover.json
/// under the test results, for docs/scale-out.md.
/// </summary>
public sealed class SiloFailoverTests(ITestOutputHelper output)
{
    private const int Devices = 12;
    private const string Household = "fo-home";

    private const string Scene = """
        id: fo-lamp
        name: Lamp follows the first plug
        triggers:
          - type: property
            device: fo-00
            property: switch.on
            to: true
        actions:
          - type: set
            device: fo-01
            properties:
              switch.on: true
        """;

    [Fact]
    public async Task A_silo_killed_loses_nothing_acknowledged_its_devices_carry_on_elsewhere_and_a_fourth_silo_takes_new_grains()
    {
        await using var cluster = await PostgresCluster.StartAsync(3, "--telemetry-flush", "00:00:00.500");
        var (a, b, c) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        var devices = new List<ClusterDevice>();
        try
        {
            // Acknowledged before the kill: registrations, a scene, commands, and reports that reached storage.
            for (var i = 0; i < Devices; i++)
            {
                var device = await ClusterDevice.RegisterAsync(cluster.Silos[(i + 1) % 3], $"fo-{i:D2}", Household);
                devices.Add(device);
                await device.ConnectAsync(cluster.Silos[i % 3]);
                await device.ReportAsync($$"""{"2.1": false, "11.1": {{Reading(i, 1)}}}""");
            }

            using (var http = c.Http())
            {
                var saved = await http.PostAsync($"api/households/{Household}/scenes", new StringContent(Scene, Encoding.UTF8, "application/yaml"));
                Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
            }

            for (var i = 0; i < Devices; i++)
            {
                using var http = cluster.Silos[(i + 2) % 3].Http();
                var set = await http.PostAsync($"api/devices/{devices[i].Id}/properties", new StringContent("""{"13.1": true}""", Encoding.UTF8, "application/json"));
                Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
            }

            for (var i = 0; i < Devices; i++)
            {
                await Until(() => cluster.StoredStateHoldsAsync(devices[i].Id, Reading(i, 1)), $"{devices[i].Id}'s report written to PostgreSQL within --telemetry-flush");
            }

            var killed = Stopwatch.StartNew();
            a.KillHard();
            var survivors = new[] { b, c };
            var onKilled = devices.Where(d => d.Silo == a).ToList();
            Assert.True(onKilled.Count >= 2, $"{onKilled.Count} devices on the killed silo");
            // One device of the killed silo never comes back: a survivor must take its twin offline.
            var away = onKilled[0];
            var moved = onKilled.Skip(1).ToList();

            // Each device of the killed silo reconnects to a survivor and reports until a PUBACK says its twin holds it.
            var firstReport = new List<double>();
            foreach (var (device, index) in moved.Select((d, n) => (d, n)))
            {
                var to = survivors[index % 2];
                var i = devices.IndexOf(device);
                await Until(async () =>
                {
                    try
                    {
                        if (!device.IsConnected || device.Silo == a)
                        {
                            await device.ConnectAsync(to);
                        }

                        return await device.TryReportAsync($$"""{"11.1": {{Reading(i, 2)}}}""");
                    }
                    catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
                    {
                        return false;
                    }
                }, $"{device.Id} reporting through {to.Name} after the kill", timeoutMs: 120_000);
                firstReport.Add(killed.Elapsed.TotalSeconds);
            }

            var devicesBack = killed.Elapsed.TotalSeconds;

            // Every twin answers from the survivors with what was acknowledged; the moved ones with their new report.
            foreach (var (device, i) in devices.Select((d, n) => (d, n)))
            {
                var reader = survivors[i % 2];
                await PostgresCluster.UntilTwinAsync(reader, device.Id, "13.1", "true", timeoutMs: 120_000);
                Assert.Equal(moved.Contains(device) ? Reading(i, 2) : Reading(i, 1), await PostgresCluster.TryReadTwinAsync(reader, device.Id, "11.1"));
            }

            var twinsBack = killed.Elapsed.TotalSeconds;
            await Until(async () => await ReadOnlineAsync(b, away.Id) == false, $"{away.Id}, which stayed away, marked offline by a survivor", timeoutMs: 60_000);
            var awayOffline = killed.Elapsed.TotalSeconds;
            await Until(() => Task.FromResult(survivors.Any(s => s.Output.Contains("Took over the devices of the dead silo", StringComparison.Ordinal))), "a survivor taking over the killed silo's devices");
            foreach (var device in moved)
            {
                Assert.True(await ReadOnlineAsync(c, device.Id), $"{device.Id} reconnected and reported, so online");
            }

            using (var http = b.Http())
            {
                using var count = JsonDocument.Parse(await http.GetStringAsync("api/devices/count"));
                Assert.Equal(Devices, count.RootElement.GetProperty("count").GetInt32());
                var scene = await http.GetAsync($"api/households/{Household}/scenes/fo-lamp");
                Assert.True(scene.IsSuccessStatusCode, $"the scene saved before the kill: {(int)scene.StatusCode}");
            }

            // Commands reach the moved devices through the silo they are connected to now.
            foreach (var device in moved)
            {
                using var http = survivors[0].Http();
                var set = await http.PostAsync($"api/devices/{device.Id}/properties", new StringContent("""{"2.1": true}""", Encoding.UTF8, "application/json"));
                Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
                var command = await device.NextSetAsync("2.1", TimeSpan.FromSeconds(30));
                Assert.True(command.GetBoolean(), $"{device.Id} got 2.1 = {command}");
            }

            var joined = Stopwatch.StartNew();
            var d = await cluster.AddSiloAsync();
            var joinSeconds = joined.Elapsed.TotalSeconds;
            var before = await ActivationsAsync(d);
            for (var i = 0; i < 90; i++)
            {
                // Registered without a grain; the first read through any silo activates the twin where Orleans places it.
                var fresh = await ClusterDevice.RegisterAsync(d, $"new-{i:D2}", "new-home");
                Assert.NotNull(await PostgresCluster.TryReadTwinAsync(new[] { b, c, d }[i % 3], fresh.Id, "2.1"));
            }

            var gained = await ActivationsAsync(d) - before;
            Assert.True(gained >= 10, $"the fourth silo took {gained} of 90 new twins");

            Record(new
            {
                devicesMoved = moved.Count,
                firstDeviceBackSeconds = firstReport.Min(),
                allDevicesBackSeconds = devicesBack,
                allTwinsReadBackSeconds = twinsBack,
                deviceThatStayedAwayOfflineSeconds = awayOffline,
                fourthSiloJoinSeconds = joinSeconds,
                fourthSiloNewActivations = gained,
            });
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    private static async Task<bool?> ReadOnlineAsync(ClusterSilo silo, string deviceId) =>
        (await PostgresCluster.TryGetTwinAsync(silo, deviceId))?.GetProperty("online").GetBoolean();

    private static string Reading(int device, int round) => (round * 1000 + device + 0.25).ToString(CultureInfo.InvariantCulture);

    /// <summary>Active grains of the silo, from its own /metrics (Orleans' catalog gauge).</summary>
    private static async Task<double> ActivationsAsync(ClusterSilo silo)
    {
        using var http = silo.Http();
        var text = await http.GetStringAsync("metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith("orleans_catalog_activations", StringComparison.Ordinal) && !line.StartsWith("orleans_catalog_activations_", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static async Task Until(Func<Task<bool>> condition, string what, int timeoutMs = 30_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"Timed out after {timeoutMs} ms waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private void Record(object figures)
    {
        var json = JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true });
        output.WriteLine(json);
        if (Environment.GetEnvironmentVariable("AIOT_TEST_RESULTS") is { Length: > 0 } results)
        {
            Directory.CreateDirectory(results);
            File.WriteAllText(Path.Combine(results, "cluster-failover.json"), json);
        }
    }
}
