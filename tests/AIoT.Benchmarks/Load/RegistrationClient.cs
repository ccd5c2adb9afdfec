using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AIoT.Benchmarks.Load;

/// <summary>Registers devices with the host's HTTP API, one per POST /api/devices or many per POST /api/devices/bulk.</summary>
internal sealed class RegistrationClient : IDisposable
{
    private readonly HttpClient _http;

    public RegistrationClient(int port, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(120),
        };
    }

    /// <summary>POST /api/devices; null when the device was registered, otherwise the status and what the host said.</summary>
    public async Task<string?> RegisterOneAsync(string model, string id)
    {
        using var response = await _http.PostAsJsonAsync("/api/devices", new { model, id });
        return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    /// <summary>The body of a bulk registration, written by hand: model names and benchmark ids need no JSON escaping.</summary>
    public static string BulkBody(string model, IReadOnlyCollection<string> ids)
    {
        var body = new StringBuilder(ids.Count * 48).Append("{\"devices\":[");
        var first = true;
        foreach (var id in ids)
        {
            body.Append(first ? "" : ",").Append("{\"model\":\"").Append(model).Append("\",\"id\":\"").Append(id).Append("\"}");
            first = false;
        }

        return body.Append("]}").ToString();
    }

    /// <summary>POST /api/devices/bulk; returns the response, every device's secret in it, read whole.</summary>
    public async Task<byte[]> RegisterBulkAsync(string body)
    {
        using var response = await _http.PostAsync("/api/devices/bulk", new StringContent(body, Encoding.UTF8, "application/json"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            var text = Encoding.UTF8.GetString(bytes);
            throw new InvalidOperationException($"bulk POST failed: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        }

        return bytes;
    }

    /// <summary>Registers the devices in one bulk request; returns each one's MQTT client id and password.</summary>
    public async Task<List<(string ClientId, string Password)>> RegisterWithSecretsAsync(string model, IReadOnlyCollection<string> ids)
    {
        using var json = JsonDocument.Parse(await RegisterBulkAsync(BulkBody(model, ids)));
        return json.RootElement.GetProperty("devices").EnumerateArray()
            .Select(d => d.GetProperty("mqtt"))
            .Select(m => (m.GetProperty("clientId").GetString()!, m.GetProperty("password").GetString()!))
            .ToList();
    }

    public void Dispose() => _http.Dispose();
}
