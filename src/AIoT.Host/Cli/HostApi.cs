using System.CommandLine;
using System.Net.Http.Headers;

namespace AIoT.Host.Cli;

/// <summary>How CLI commands reach a running host's HTTP API: its address and, when it has one, its token.</summary>
internal static class HostApi
{
    public static Option<string> AddressOption() => new("--api")
    {
        Description = "The running host's HTTP address (env AIOT_API).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AIOT_API") ?? "http://127.0.0.1:8080",
        Recursive = true,
    };

    public static Option<string?> TokenOption() => new("--api-token")
    {
        Description = "The host's API token, when it has one (env AIOT_API_TOKEN).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AIOT_API_TOKEN"),
        Recursive = true,
    };

    /// <summary>A client for the API, or null and a message naming --api when the address is not an http:// URL.</summary>
    public static HttpClient? Connect(string address, string? token, out string error)
    {
        error = "";
        if (!Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
        {
            error = $"--api must be an http:// address like http://127.0.0.1:8080 (got '{address}').";
            return null;
        }

        var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>Runs a command's calls on a client for the API: 2 when --api is not an address or the host does not answer, else the call's exit code.</summary>
    public static async Task<int> CallAsync(string address, string? token, Func<HttpClient, Task<int>> call)
    {
        using var http = Connect(address, token, out var error);
        if (http is null)
        {
            await Console.Error.WriteLineAsync(error);
            return 2;
        }

        try
        {
            return await call(http);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
        {
            await Console.Error.WriteLineAsync(NotAnswering(http.BaseAddress, ex.Message));
            return 2;
        }
    }

    public static string NotAnswering(Uri? api, string reason) =>
        $"No aiot host answers at {api} ({reason}). Start one with `dotnet run --project src/AIoT.Host`, or point --api / AIOT_API at it.";
}
