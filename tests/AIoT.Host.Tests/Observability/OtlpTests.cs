using System.Net;
using System.Text;
using System.Threading.Channels;
using AIoT.Host.Hosting;
using AIoT.Host.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Tests.Observability;

/// <summary>--otlp pushes metrics and traces to a collector the user names; a value that is no collector address is refused, saying what would be.</summary>
[Collection(ScrapedHostCollection.Name)]
public sealed class OtlpTests
{
    [Theory]
    [InlineData("localhost:4318")]
    [InlineData("ftp://127.0.0.1:4318")]
    [InlineData("collector")]
    [InlineData("http://127.0.0.1:4318/?token=1")]
    public void A_value_that_is_no_http_address_is_refused_with_an_example(string otlp)
    {
        var problem = (InProcessHost.Settings() with { Otlp = otlp }).Validate();
        Assert.Equal($"--otlp must be the http:// or https:// address of an OpenTelemetry collector, like http://127.0.0.1:4318 (got '{otlp}').", problem);
    }

    [Fact]
    public void A_protocol_or_interval_out_of_range_is_refused_naming_the_option()
    {
        Assert.Contains("--otlp-protocol must be http/protobuf", (InProcessHost.Settings() with { Otlp = "http://127.0.0.1:4318", OtlpProtocolName = "udp" }).Validate());
        Assert.Contains("--otlp-interval must be between", (InProcessHost.Settings() with { Otlp = "http://127.0.0.1:4318", OtlpInterval = TimeSpan.FromMilliseconds(10) }).Validate());
        Assert.Null((InProcessHost.Settings() with { Otlp = "http://127.0.0.1:4318", OtlpProtocolName = "grpc" }).Validate());
    }

    [Fact]
    public async Task The_command_refuses_a_bad_otlp_value_before_starting_anything()
    {
        using var wrong = AiotProcess.Start("--in-memory", "--otlp", "localhost:4318");
        Assert.NotEqual(0, await wrong.WaitForExitAsync());
        Assert.Contains("--otlp must be the http:// or https:// address of an OpenTelemetry collector, like http://127.0.0.1:4318 (got 'localhost:4318')", wrong.Output);
    }

    [Fact]
    public async Task With_a_collector_address_the_host_pushes_metrics_and_traces_in_otlp_protobuf()
    {
        await using var collector = await FakeCollector.StartAsync();
        await using var host = await InProcessHost.StartAsync(InProcessHost.Settings() with { Otlp = collector.Address, OtlpInterval = TimeSpan.FromSeconds(1) });

        var metrics = await collector.NextAsync("/v1/metrics", containing: "orleans-grains");
        Assert.Equal("application/x-protobuf", metrics.ContentType);
        Assert.Contains("service.name", metrics.Text, StringComparison.Ordinal);
        Assert.Contains("aiot.mqtt.connections", metrics.Text, StringComparison.Ordinal);

        // A grain call made through the API is traced from its first span.
        using var http = host.Http();
        await http.AddDevicesAsync("flat", ("outlet", "hall", "flat-plug"));
        var traces = await collector.NextAsync("/v1/traces", containing: "Microsoft.Orleans.Application");
        Assert.Equal("application/x-protobuf", traces.ContentType);
        Assert.Contains("service.name", traces.Text, StringComparison.Ordinal);
    }

    /// <summary>Takes OTLP/HTTP posts on 127.0.0.1 and keeps them, as a collector's receiver would (without decoding them).</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Channel<(string Path, string? ContentType, byte[] Body)> _received = Channel.CreateUnbounded<(string, string?, byte[])>();

        private FakeCollector(WebApplication app) => _app = app;

        public string Address { get; private set; } = "";

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Writer.TryWrite((context.Request.Path, context.Request.ContentType, body.ToArray()));
                return Results.Ok();
            });
            await app.StartAsync();
            collector.Address = app.Urls.Single();
            return collector;
        }

        /// <summary>The next post to <paramref name="path"/> with <paramref name="containing"/> in it (others are skipped); fails after 30 s.</summary>
        public async Task<(string? ContentType, string Text)> NextAsync(string path, string containing)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var (posted, contentType, body) = await _received.Reader.ReadAsync(timeout.Token);
                // Protobuf keeps strings as UTF-8 bytes: names and attribute keys can be looked for without decoding.
                var text = Encoding.UTF8.GetString(body);
                if (posted == path && text.Contains(containing, StringComparison.Ordinal))
                {
                    return (contentType, text);
                }
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
