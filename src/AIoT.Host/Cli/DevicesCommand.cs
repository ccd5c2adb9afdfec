using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Web;

namespace AIoT.Host.Cli;

/// <summary>`aiot devices add | list | remove | secret`: provisioning, as a client of a running host's HTTP API.</summary>
internal static class DevicesCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var api = HostApi.AddressOption();
        var apiToken = HostApi.TokenOption();
        var command = new Command("devices", "Register MQTT devices with a running host and manage their credentials.") { api, apiToken };

        var model = new Option<string?>("--model") { Description = "Catalog model or device type, e.g. lumi.sensor_ht.v1 or outlet (`aiot catalog list`)." };
        var from = new Option<FileInfo?>("--from") { Description = "Register many devices at once from a JSON file: [{\"model\": \"outlet\", \"id\": \"plug-1\", \"household\": \"home\", \"room\": \"kitchen\", \"name\": \"Plug\"}, ...]; prints their credentials as JSON." };
        var household = new Option<string?>("--household") { Description = "Household the device belongs to (created if missing)." };
        var room = new Option<string?>("--room") { Description = "Room in the household." };
        var name = new Option<string?>("--name") { Description = "A name people recognise." };
        var id = new Option<string?>("--id") { Description = "The device id (client id and user name); generated when omitted." };
        var add = new Command("add", "Register a device (or many with --from); prints the MQTT credentials (the secret is shown only now).") { model, household, room, name, id, from };
        add.SetAction((result, token) => HostApi.CallAsync(result.GetValue(api)!, result.GetValue(apiToken), async http =>
        {
            if (result.GetValue(from) is { } file)
            {
                return await BulkAddAsync(http, file, token);
            }

            if (string.IsNullOrWhiteSpace(result.GetValue(model)))
            {
                await Console.Error.WriteLineAsync("devices add: give --model (one device) or --from <file> (many).");
                return 2;
            }

            var request = new RegisterDeviceRequest(result.GetValue(model)!, result.GetValue(household), result.GetValue(room), result.GetValue(name), result.GetValue(id));
            var response = await http.PostAsJsonAsync("api/devices", request, Json, token);
            await PrintAsync(response, token);
            return response.IsSuccessStatusCode ? 0 : 1;
        }));

        var list = new Command("list", "List the registered devices.");
        list.SetAction((result, token) => HostApi.CallAsync(result.GetValue(api)!, result.GetValue(apiToken), async http =>
        {
            Console.WriteLine($"{"ID",-20} {"MODEL",-24} {"HOUSEHOLD",-14} {"ROOM",-14} NAME");
            string? after = null;
            long count;
            do
            {
                var response = await http.GetAsync(after is null ? "api/devices" : $"api/devices?after={Uri.EscapeDataString(after)}", token);
                if (!response.IsSuccessStatusCode)
                {
                    await PrintAsync(response, token);
                    return 1;
                }

                var page = await response.Content.ReadFromJsonAsync<DeviceListPage>(Json, token) ?? new DeviceListPage([], null, 0);
                foreach (var device in page.Devices)
                {
                    Console.WriteLine($"{device.DeviceId,-20} {device.Model,-24} {device.HouseholdId ?? "-",-14} {(device.Room.Length > 0 ? device.Room : "-"),-14} {device.Name}");
                }

                after = page.Next;
                count = page.Count;
            }
            while (after is not null);

            Console.WriteLine($"{count} device(s).");
            return 0;
        }));

        var deviceId = new Argument<string>("id") { Description = "The device id." };
        var remove = new Command("remove", "Unregister a device: its credentials stop working and its twin is deleted.") { deviceId };
        remove.SetAction((result, token) => HostApi.CallAsync(result.GetValue(api)!, result.GetValue(apiToken), async http =>
        {
            var response = await http.DeleteAsync($"api/devices/{Uri.EscapeDataString(result.GetValue(deviceId)!)}", token);
            if (response.IsSuccessStatusCode)
            {
                Console.WriteLine($"Removed {result.GetValue(deviceId)}.");
                return 0;
            }

            await PrintAsync(response, token);
            return 1;
        }));

        var secretId = new Argument<string>("id") { Description = "The device id." };
        var secret = new Command("secret", "Issue a new secret to a device; the old one stops working.") { secretId };
        secret.SetAction((result, token) => HostApi.CallAsync(result.GetValue(api)!, result.GetValue(apiToken), async http =>
        {
            var response = await http.PostAsync($"api/devices/{Uri.EscapeDataString(result.GetValue(secretId)!)}/secret", null, token);
            await PrintAsync(response, token);
            return response.IsSuccessStatusCode ? 0 : 1;
        }));

        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(remove);
        command.Subcommands.Add(secret);
        return command;
    }

    /// <summary>Sends the file's registrations in requests of at most <see cref="DevicesApi.MaxBulk"/>; prints every device's credentials as one JSON array.</summary>
    private static async Task<int> BulkAddAsync(HttpClient http, FileInfo file, CancellationToken token)
    {
        List<RegisterDeviceRequest> requests;
        try
        {
            await using var stream = file.OpenRead();
            requests = await JsonSerializer.DeserializeAsync<List<RegisterDeviceRequest>>(stream, Json, token) ?? [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            await Console.Error.WriteLineAsync($"--from {file.FullName}: {ex.Message} The file holds a JSON array of registrations like [{{\"model\": \"outlet\", \"id\": \"plug-1\"}}].");
            return 2;
        }

        var registered = new List<JsonElement>(requests.Count);
        foreach (var chunk in requests.Chunk(DevicesApi.MaxBulk))
        {
            try
            {
                var response = await http.PostAsJsonAsync("api/devices/bulk", new BulkRegisterRequest(chunk), Json, token);
                if (!response.IsSuccessStatusCode)
                {
                    await PrintAsync(response, token);
                    return await PartlyRegisteredAsync(registered, requests.Count);
                }

                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token));
                registered.AddRange(body.RootElement.GetProperty("devices").EnumerateArray().Select(e => e.Clone()));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The secrets of the requests that went through exist nowhere else: print them before giving up.
                await Console.Error.WriteLineAsync(HostApi.NotAnswering(http.BaseAddress, ex.Message));
                return await PartlyRegisteredAsync(registered, requests.Count);
            }
        }

        Console.WriteLine(JsonSerializer.Serialize(registered, Json));
        await Console.Error.WriteLineAsync($"Registered {registered.Count} device(s).");
        return 0;
    }

    private static async Task<int> PartlyRegisteredAsync(List<JsonElement> registered, int requested)
    {
        await Console.Error.WriteLineAsync($"{registered.Count} of {requested} device(s) were registered before this; their credentials follow.");
        Console.WriteLine(JsonSerializer.Serialize(registered, Json));
        return 1;
    }

    /// <summary>Success bodies as indented JSON; errors as the problem's detail, which names what is wrong.</summary>
    private static async Task PrintAsync(HttpResponseMessage response, CancellationToken token)
    {
        var body = await response.Content.ReadAsStringAsync(token);
        if (response.IsSuccessStatusCode)
        {
            Console.WriteLine(body.Length == 0 ? "ok" : JsonSerializer.Serialize(JsonDocument.Parse(body).RootElement, Json));
            return;
        }

        var detail = body;
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("detail", out var text))
            {
                detail = text.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
        }

        await Console.Error.WriteLineAsync($"Refused ({(int)response.StatusCode}): {detail}");
    }
}
