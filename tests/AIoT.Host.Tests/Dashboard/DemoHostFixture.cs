using AIoT.Host.Hosting;
using AIoT.Host.Tests.Support;

namespace AIoT.Host.Tests.Dashboard;

/// <summary>One host with the three demo households for the dashboard API tests of a class.</summary>
public sealed class DemoHostFixture : IAsyncLifetime
{
    private RunningHost? _host;

    public RunningHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await InProcessHost.StartAsync(demoHouseholds: 3);
        Http = _host.Http();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
