using AIoT.Ecosystem.Catalog.Model;
using AIoT.Gateway.BrokerClient;

namespace AIoT.Gateway.Emulation;

/// <summary>Where and as whom one emulated device connects.</summary>
public sealed record EmulatedIdentity(string DeviceId, string? Secret);

/// <summary>N emulated devices of one model, each on its own connection, reporting on a shared period.</summary>
public sealed class EmulatedFleet : IAsyncDisposable
{
    private readonly List<EmulatedDevice> _devices = [];
    private readonly DeviceSpec _spec;
    private readonly Func<BrokerClientOptions> _connection;
    private readonly TimeSpan _reportInterval;
    private readonly int _seed;
    private CancellationTokenSource? _reporting;
    private Task? _reporter;

    /// <param name="connection">A fresh client options object per device: broker address and settings; the fleet sets client id and credentials.</param>
    public EmulatedFleet(DeviceSpec spec, Func<BrokerClientOptions> connection, TimeSpan reportInterval, int seed)
    {
        _spec = spec;
        _connection = connection;
        _reportInterval = reportInterval;
        _seed = seed;
    }

    public EmulatorStatistics Statistics { get; } = new();

    public int Count => _devices.Count;

    public int Connected => _devices.Count(d => d.IsConnected);

    /// <summary>Connects the devices, a few at a time so a broker is not hit by all CONNECTs at once; reports progress.</summary>
    public async Task StartAsync(IReadOnlyList<EmulatedIdentity> identities, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var connected = 0;
        using var gate = new SemaphoreSlim(32);
        var starts = identities.Select(async (identity, index) =>
        {
            var options = _connection();
            options.UserName = identity.Secret is null ? options.UserName : identity.DeviceId;
            options.Password = identity.Secret ?? options.Password;
            var device = new EmulatedDevice(identity.DeviceId, _spec, options, HashCode.Combine(_seed, index), Statistics);
            lock (_devices)
            {
                _devices.Add(device);
            }

            await gate.WaitAsync(cancellationToken);
            try
            {
                await device.StartAsync(cancellationToken);
                progress?.Report(Interlocked.Increment(ref connected));
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(starts);
        _reporting = new CancellationTokenSource();
        _reporter = ReportLoopAsync(_reporting.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_reporting is not null)
        {
            await _reporting.CancelAsync();
            await _reporter!;
            _reporting.Dispose();
        }

        await Task.WhenAll(_devices.Select(d => d.DisposeAsync().AsTask()));
    }

    /// <summary>Each device reports once per interval, spread over the interval rather than all at the same instant.</summary>
    private async Task ReportLoopAsync(CancellationToken stopping)
    {
        var tick = TimeSpan.FromMilliseconds(Math.Min(100, _reportInterval.TotalMilliseconds));
        var perTick = Math.Max(1, (int)Math.Ceiling(_devices.Count * tick.TotalSeconds / _reportInterval.TotalSeconds));
        var next = 0;
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                for (var i = 0; i < perTick && _devices.Count > 0; i++)
                {
                    _ = _devices[next].ReportAsync();
                    next = (next + 1) % _devices.Count;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
