using System.Net;
using System.Net.Http.Json;
using AIoT.Host.Tests.Support;

namespace AIoT.Host.Tests.Dashboard;

/// <summary>With an API token the dashboard's reads are guarded like the rest of the API; a browser gets in with a session cookie.</summary>
public sealed class DashboardTokenTests
{
    [Fact]
    public async Task A_browser_posts_the_token_once_and_its_cookie_opens_the_reads_and_the_live_stream()
    {
        await using var host = await InProcessHost.StartAsync(apiToken: "s3cret-token");
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(host.ApiAddress()) };

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("api/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("api/live")).StatusCode);

        var wrong = await browser.PostAsJsonAsync("api/session", new { token = "guess" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not this host's API token", await wrong.Content.ReadAsStringAsync());
        Assert.Empty(cookies.GetCookies(browser.BaseAddress!));

        var right = await browser.PostAsJsonAsync("api/session", new { token = "s3cret-token" });
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        var setCookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("api/overview")).StatusCode);
        await using (var live = await ServerSentEvents.OpenAsync(browser, "api/live"))
        {
            await live.WaitForAsync("ready", _ => true, "the overview stream to open with the session cookie");
        }

        Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync("api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("api/overview")).StatusCode);
    }
}
