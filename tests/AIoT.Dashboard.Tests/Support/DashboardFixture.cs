using System.Net.Http.Json;
using System.Text.Json;
using AIoT.Host.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace AIoT.Dashboard.Tests.Support;

/// <summary>
/// One host with the demo population (in memory, free loopback ports) and one headless Debian chromium, shared by every
/// browser test; each test opens its own browser context on it. Playwright drives /usr/bin/chromium through the node
/// driver its package copies next to the tests; no browser is ever downloaded.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const int DemoHouseholds = 3;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private RunningHost? _host;

    public RunningHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public string Address => $"http://127.0.0.1:{Host.HttpPort}/";

    public HttpClient Http { get; private set; } = new();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: `apt-get install chromium` (tests/run.sh installs it).");
        }

        // Expectations wait for the page (a fetch, an event from the host) and fail with what they last saw.
        Assertions.SetDefaultExpectTimeout(15_000);
        var hostStarting = new AiotHost(new HostSettings
        {
            InMemory = true,
            SiloPort = 0,
            DemoHouseholds = DemoHouseholds,
            Mqtt = "127.0.0.1:0",
            Http = "127.0.0.1:0",
        }).StartAsync(NullLoggerFactory.Instance);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Tests run as root in CI, where chromium refuses its sandbox.
            Args = ["--no-sandbox"],
        });
        _host = await hostStarting;
        Http = new HttpClient { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context and page for one test; disposing it saves the test's screenshot.</summary>
    public Task<DashboardSession> OpenAsync(string testName) => DashboardSession.OpenAsync(Browser, Address, testName);

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>
    /// The overview once every demo household has reported its devices: the totals are sent once a second, so right after
    /// the start they count part of the population.
    /// </summary>
    public async Task<JsonElement> SettledOverviewAsync()
    {
        JsonElement overview = default;
        await Eventually.Async(async () =>
        {
            overview = await GetJsonAsync("api/overview");
            var households = await GetJsonAsync($"api/households?limit={EcosystemPage}");
            var devices = households.GetProperty("items").EnumerateArray().Sum(h => h.GetProperty("devices").GetInt32());
            return overview.GetProperty("households").GetInt32() == households.GetProperty("count").GetInt32()
                && overview.GetProperty("devices").GetInt32() == devices;
        }, "the overview counts every household's devices");
        return overview;
    }

    private const int EcosystemPage = 200;
}
