using Microsoft.Playwright;

namespace AIoT.Dashboard.Tests.Support;

/// <summary>
/// One test's browser context and page on the dashboard. It records the page's uncaught script errors and console errors, and disposing
/// it saves a full-page screenshot named after the test, pass or fail, so a failure shows what the page looked like.
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _address;
    private readonly string _testName;
    private readonly List<string> _scriptErrors = [];

    private DashboardSession(IBrowserContext context, IPage page, string address, string testName)
    {
        _context = context;
        Page = page;
        _address = address;
        _testName = testName;
        page.PageError += (_, error) => Record(error);
        // The page catches what its live handlers throw and logs it to the console: that is a failure too.
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console: {message.Text}");
            }
        };
    }

    public IPage Page { get; }

    public static async Task<DashboardSession> OpenAsync(IBrowser browser, string address, string testName)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return new DashboardSession(context, page, address, testName);
    }

    /// <summary>Opens a route of the page (like "#/households/hh-0000005") fresh, as a user typing the address.</summary>
    public async Task GotoAsync(string route) => await Page.GotoAsync(_address + route);

    /// <summary>
    /// Opens a route and returns once the page's event stream under /api/live answered: the host sends its headers with
    /// the stream's first event, after it started watching, so a change made from then on reaches the page.
    /// </summary>
    public async Task GotoLiveAsync(string route, string streamPath)
    {
        try
        {
            await Page.RunAndWaitForResponseAsync(
                () => GotoAsync(route),
                response => new Uri(response.Url).AbsolutePath == streamPath,
                new PageRunAndWaitForResponseOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{route} did not open its live stream {streamPath} within 15 s.");
        }
    }

    public void AssertNoScriptErrors()
    {
        lock (_scriptErrors)
        {
            Assert.True(_scriptErrors.Count == 0, "The page reported errors: " + string.Join(" | ", _scriptErrors));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = TestResults.Screenshot(_testName), FullPage = true });
        }
        finally
        {
            await _context.CloseAsync();
        }
    }

    private void Record(string error)
    {
        lock (_scriptErrors)
        {
            _scriptErrors.Add(error);
        }
    }
}
