using System.Diagnostics;
using AIoT.Host.Tests.Support;
using Xunit.Abstractions;

namespace AIoT.Host.Tests.Observability;

/// <summary>An operator follows one device message through the platform in one trace: the report, its grain call, the scene it fires, the command sent back.</summary>
public sealed class TraceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_report_its_grain_call_the_scene_it_fires_and_the_command_sent_back_share_one_trace()
    {
        using var collector = new ActivityCollector("AIoT.Gateway", "Microsoft.Orleans.Application", "AIoT.Scenes");
        await using var host = await InProcessHost.StartAsync();
        await using var chain = await SceneChain.SetUpAsync(host);

        var set = await chain.PressAsync();
        Assert.Contains("\"2.1\":true", set, StringComparison.Ordinal);

        Activity? command = null;
        await SceneChain.Eventually(() => (command = Of(collector, "AIoT.Gateway", "mqtt set", SceneChain.Lamp)) is not null, "the command's span ends");
        var trace = command!.TraceId;
        Activity? report = null, scene = null, grainCall = null;
        await SceneChain.Eventually(
            () =>
            {
                var spans = collector.Stopped.Where(a => a.TraceId == trace).ToList();
                report = spans.FirstOrDefault(a => a.Source.Name == "AIoT.Gateway" && a.DisplayName == "mqtt report" && Device(a) == SceneChain.Button);
                scene = spans.FirstOrDefault(a => a.Source.Name == "AIoT.Scenes" && (string?)a.GetTagItem("aiot.scene") == SceneChain.SceneId);
                grainCall = spans.FirstOrDefault(a => a.Source.Name == "Microsoft.Orleans.Application" && a.DisplayName.Contains("ReportProperties", StringComparison.Ordinal));
                return report is not null && scene is not null && grainCall is not null;
            },
            "the report, grain call and scene spans of the command's trace end");

        // The report starts the trace; the grain call descends from it; the command comes last, under the scene's set.
        var spansOfTrace = collector.Stopped.Where(a => a.TraceId == trace).ToList();
        output.WriteLine(string.Join("\n", spansOfTrace.Select(a => $"{a.SpanId} <- {a.ParentSpanId}: {a.Source.Name} {a.DisplayName} {a.Kind}")));
        Assert.Equal(default, report!.ParentSpanId);
        Assert.Contains(report.SpanId, Ancestors(grainCall!, spansOfTrace));
        Assert.Contains(scene!.SpanId, Ancestors(command, spansOfTrace));
        Assert.Equal(ActivityKind.Producer, command.Kind);
        Assert.Equal($"aiot/{SceneChain.Lamp}/set", command.GetTagItem("messaging.destination.name"));
        Assert.Contains(collector.Stopped, a => a.TraceId == trace && a.Source.Name == "Microsoft.Orleans.Application" && a.DisplayName.Contains("SetProperties", StringComparison.Ordinal));
    }

    private static Activity? Of(ActivityCollector collector, string source, string name, string device) =>
        collector.Stopped.FirstOrDefault(a => a.Source.Name == source && a.DisplayName == name && Device(a) == device);

    private static IEnumerable<ActivitySpanId> Ancestors(Activity span, IReadOnlyList<Activity> spans)
    {
        for (var parent = span.ParentSpanId; parent != default; parent = spans.FirstOrDefault(a => a.SpanId == parent)?.ParentSpanId ?? default)
        {
            yield return parent;
        }
    }

    private static string? Device(Activity activity) => activity.GetTagItem("aiot.device") as string;
}
