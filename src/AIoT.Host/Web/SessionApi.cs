using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AIoT.Host.Web;

/// <summary>
/// A browser's way past the API token: POST /api/session with {"token": "..."} sets an HttpOnly, SameSite=Strict
/// cookie the guard accepts as it accepts the Authorization header; DELETE forgets it. Without a token on the host,
/// every request is let in and the session is not needed.
/// </summary>
internal static class SessionApi
{
    public const string Path = "/api/session";
    public const string Cookie = "aiot-token";

    public static void Map(WebApplication app, string? apiToken)
    {
        app.MapPost(Path, (SessionRequest request, HttpContext context) =>
        {
            if (apiToken is null)
            {
                return Results.NoContent();
            }

            if (string.IsNullOrEmpty(request.Token) || !RequestGuard.Matches(request.Token, apiToken))
            {
                return Results.Problem("token: not this host's API token (its --api-token, or AIOT_API_TOKEN where it was started).", statusCode: StatusCodes.Status401Unauthorized);
            }

            context.Response.Cookies.Append(Cookie, request.Token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
            });
            return Results.NoContent();
        });

        app.MapDelete(Path, (HttpContext context) =>
        {
            context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/" });
            return Results.NoContent();
        });
    }
}

internal sealed record SessionRequest(string? Token);
