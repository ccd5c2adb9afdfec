using System.Text.Json;
using AIoT.Storage.Tests.Support;
using Npgsql;

namespace AIoT.Host.Tests.Cluster;

/// <summary>A PostgreSQL 15 server started for the tests, one database on it, and the aiot silo processes joined to it.</summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly PostgresServer _server;
    private readonly string[] _siloOptions;
    private readonly List<ClusterSilo> _silos = [];

    private PostgresCluster(PostgresServer server, string connectionString, string[] siloOptions)
    {
        _server = server;
        ConnectionString = connectionString;
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        Url = $"postgres://{database.Username}@127.0.0.1:{database.Port}/{database.Database}";
        _siloOptions = siloOptions;
    }

    /// <summary>The --cluster URL every silo is given.</summary>
    public string Url { get; }

    public string ConnectionString { get; }

    public IReadOnlyList<ClusterSilo> Silos => _silos;

    /// <summary>Starts the server and <paramref name="silos"/> silos, one after the other (the first creates the schema).</summary>
    public static async Task<PostgresCluster> StartAsync(int silos, params string[] siloOptions)
    {
        var server = await PostgresServer.StartAsync();
        var cluster = new PostgresCluster(server, await server.CreateDatabaseAsync("cluster"), siloOptions);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.AddSiloAsync();
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<ClusterSilo> AddSiloAsync()
    {
        var silo = await ClusterSilo.StartAsync($"silo{_silos.Count + 1}", Url, _siloOptions);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>The twin as <c>GET /api/devices/{id}/twin</c> gives it through <paramref name="silo"/>; null when the call fails.</summary>
    public static async Task<JsonElement?> TryGetTwinAsync(ClusterSilo silo, string deviceId)
    {
        using var http = silo.Http();
        try
        {
            using var response = await http.GetAsync($"api/devices/{deviceId}/twin");
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var twin = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return twin.RootElement.Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The twin's value of <paramref name="key"/> as JSON text, read through <paramref name="silo"/>'s HTTP API; null when the call fails.</summary>
    public static async Task<string?> TryReadTwinAsync(ClusterSilo silo, string deviceId, string key) =>
        await TryGetTwinAsync(silo, deviceId) is { } twin
            ? twin.GetProperty("properties").EnumerateArray()
                .Where(p => p.GetProperty("key").GetString() == key)
                .Select(p => p.GetProperty("value").GetRawText())
                .FirstOrDefault()
            : null;

    /// <summary>Waits until reading the twin through <paramref name="silo"/> gives <paramref name="expected"/>.</summary>
    public static async Task UntilTwinAsync(ClusterSilo silo, string deviceId, string key, string expected, int timeoutMs = 60_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        string? last = null;
        while (Environment.TickCount64 < deadline)
        {
            last = await TryReadTwinAsync(silo, deviceId, key);
            if (last == expected)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{deviceId} {key} read through {silo.Name} stayed {last ?? "unreadable"}, not {expected}, for {timeoutMs} ms.");
    }

    /// <summary>Whether the grain state row of the device, as stored in PostgreSQL, holds <paramref name="text"/>.</summary>
    public async Task<bool> StoredStateHoldsAsync(string deviceId, string text)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM aiot_grain_state WHERE grain_id LIKE '%/' || @id AND position(@text in convert_from(payload, 'UTF8')) > 0", connection);
        command.Parameters.AddWithValue("id", deviceId);
        command.Parameters.AddWithValue("text", text);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        await _server.DisposeAsync();
    }
}
