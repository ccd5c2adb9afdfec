using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AIoT.Host.Web;

/// <summary>
/// Two checks before any route. A browser page from another site may not drive the API or open /mqtt (browsers send
/// Origin on such requests; devices and the CLI send none). And when the API has a token (required once --http listens
/// beyond loopback), /api, /dashboard and /metrics need "Authorization: Bearer &lt;token&gt;", or the cookie a
/// browser got from POST /api/session with that token (a page cannot set headers on its event streams).
/// </summary>
internal static class RequestGuard
{
    public static Func<HttpContext, RequestDelegate, Task> For(string? apiToken) => async (context, next) =>
    {
        if (context.Request.Headers.Origin is { Count: > 0 } origin && !SameHost(origin.ToString(), context.Request.Host))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync($"Cross-origin requests are refused (Origin {origin} is not this host).");
            return;
        }

        // The dashboard reads any grain's state (people's whereabouts, credentials), so it is guarded like the API; so
        // are the metrics, which tell how many devices and homes there are (Prometheus sends the token: deploy/prometheus).
        if (apiToken is not null
            && (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/dashboard") || context.Request.Path.StartsWithSegments("/metrics"))
            && !context.Request.Path.Equals(SessionApi.Path, StringComparison.Ordinal)
            && !HasToken(context.Request, apiToken))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("The API needs 'Authorization: Bearer <token>' (the host's --api-token; the CLI reads --api-token or AIOT_API_TOKEN).");
            return;
        }

        await next(context);
    };

    private static bool SameHost(string origin, HostString host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var parsed) && string.Equals(parsed.Authority, host.Value, StringComparison.OrdinalIgnoreCase);

    private static bool HasToken(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return (header.StartsWith(Scheme, StringComparison.Ordinal) && Matches(header[Scheme.Length..], token))
            || (request.Cookies.TryGetValue(SessionApi.Cookie, out var cookie) && Matches(cookie, token));
    }

    public static bool Matches(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token));
}
