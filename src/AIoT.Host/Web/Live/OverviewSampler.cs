using AIoT.Ecosystem.Index;
using AIoT.Ecosystem.Totals;
using AIoT.Gateway;
using AIoT.Gateway.Provisioning;
using AIoT.Mqtt.Broker;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace AIoT.Host.Web.Live;

/// <summary>
/// Takes an <see cref="OverviewSample"/> every <see cref="Interval"/> and keeps the last <see cref="HistoryLength"/>
/// for the dashboard's charts. Every figure comes from a counter or a counted table, never a scan of the twins, so a
/// sample costs the same with a million devices behind it.
/// </summary>
internal sealed class OverviewSampler : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    public const int HistoryLength = 300;

    private readonly IGrainFactory _grains;
    private readonly IEcosystemIndex _index;
    private readonly IDeviceDirectory _directory;
    private readonly MqttBroker? _broker;
    private readonly DeviceGateway _gateway;
    private readonly ILogger _logger;
    private readonly MeterRates _rates = new();
    private readonly OverviewMetrics _metrics;
    private readonly Queue<OverviewSample> _history = new();
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private (DateTimeOffset At, long Messages, long Firings)? _previous;

    public OverviewSampler(IGrainFactory grains, IEcosystemIndex index, IDeviceDirectory directory, MqttBroker? broker, DeviceGateway gateway, ILogger logger)
    {
        (_grains, _index, _directory, _broker, _gateway, _logger) = (grains, index, directory, broker, gateway, logger);
        _metrics = new OverviewMetrics(Latest);
    }

    /// <summary>Raised after each sample, for the live feeds.</summary>
    public event Action<OverviewSample>? Sampled;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The newest sample; waits for the first one.</summary>
    public async Task<OverviewSample> LatestAsync(CancellationToken cancellationToken)
    {
        await _first.Task.WaitAsync(cancellationToken);
        lock (_lock)
        {
            return _history.Last();
        }
    }

    private OverviewSample? Latest()
    {
        lock (_lock)
        {
            return _history.Count == 0 ? null : _history.Last();
        }
    }

    public IReadOnlyList<OverviewSample> History()
    {
        lock (_lock)
        {
            return [.. _history];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _rates.Dispose();
        _metrics.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var sample = await SampleAsync();
                lock (_lock)
                {
                    if (_history.Count == HistoryLength)
                    {
                        _history.Dequeue();
                    }

                    _history.Enqueue(sample);
                }

                _first.TrySetResult();
                Sampled?.Invoke(sample);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Dashboard totals not sampled: {Reason}", ex.Message);
            }
        }
        while (await WaitAsync(timer, stopping));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<OverviewSample> SampleAsync()
    {
        var totals = await _grains.GetGrain<ITotalsGrain>(0).Get();
        var now = DateTimeOffset.UtcNow;
        var messages = _rates.Messages(_broker is not null);
        var firings = _rates.Firings;
        var (messagesPerSecond, firingsPerSecond) = _previous is { } previous && now > previous.At
            ? ((messages - previous.Messages) / (now - previous.At).TotalSeconds, (firings - previous.Firings) / (now - previous.At).TotalSeconds)
            : (0d, 0d);
        _previous = (now, messages, firings);
        return new OverviewSample(
            now,
            await _index.CountAsync(IndexKind.Household),
            await _index.CountAsync(IndexKind.Person),
            await _index.CountAsync(IndexKind.Vehicle),
            await _index.CountAsync(IndexKind.Device),
            await _directory.CountAsync(),
            Math.Max(0, totals[EcosystemTotal.DevicesOnline]),
            Math.Max(0, totals[EcosystemTotal.PeopleAtHome]),
            Math.Max(0, totals[EcosystemTotal.VehiclesDriving]),
            Math.Max(0, totals[EcosystemTotal.VehiclesCharging]),
            _broker?.ConnectedClients ?? _gateway.ConnectedDevices,
            Math.Round(messagesPerSecond, 1),
            Math.Round(firingsPerSecond, 2),
            await _grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount());
    }
}
