using Microsoft.Extensions.Logging;

namespace AIoT.Ecosystem.Totals;

/// <summary>
/// One per silo: the twins add their changes here (a counter step, no call), and once a <see cref="Interval"/> the sum
/// goes to the <see cref="ITotalsGrain"/> in one call, so a thousand devices going online cost one grain call, not a thousand.
/// Without one registered, twins keep no totals.
/// </summary>
public sealed class TotalsReporter(IGrainFactory grains, TimeProvider time, ILogger<TotalsReporter> logger) : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly long[] _pending = new long[Enum.GetValues<EcosystemTotal>().Length];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private ITimer? _timer;

    public void Add(EcosystemTotal total, long change) => Interlocked.Add(ref _pending[(int)total], change);

    /// <summary>Adds one when <paramref name="now"/> is true and <paramref name="before"/> was not, takes one away in the other case.</summary>
    public void Track(EcosystemTotal total, bool before, bool now)
    {
        if (before != now)
        {
            Add(total, now ? 1 : -1);
        }
    }

    public void Start() => _timer ??= time.CreateTimer(_ => _ = FlushAsync(), null, Interval, Interval);

    /// <summary>Sends what was added since the last send; a failed send keeps it for the next.</summary>
    public async Task FlushAsync()
    {
        await _sending.WaitAsync();
        try
        {
            var changes = new Dictionary<EcosystemTotal, long>();
            for (var i = 0; i < _pending.Length; i++)
            {
                if (Interlocked.Exchange(ref _pending[i], 0) is var change and not 0)
                {
                    changes[(EcosystemTotal)i] = change;
                }
            }

            if (changes.Count == 0)
            {
                return;
            }

            try
            {
                await grains.GetGrain<ITotalsGrain>(0).Add(changes);
            }
            catch (Exception ex)
            {
                foreach (var (total, change) in changes)
                {
                    Add(total, change);
                }

                logger.LogWarning(ex, "Live totals not sent (kept for the next try): {Reason}", ex.Message);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }
}
