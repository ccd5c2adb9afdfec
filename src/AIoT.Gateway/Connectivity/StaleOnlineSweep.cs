using System.Diagnostics;
using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Provisioning;
using Microsoft.Extensions.Logging;

namespace AIoT.Gateway.Connectivity;

/// <summary>
/// After a stop or a crash, twins of devices that were connected still say online, and so do their households. A
/// registered twin that activates saying online goes offline (only its device's next message brings it back), so
/// reading every registered twin once, in the background after the gateway starts, sets right those whose device
/// does not come back. Devices already connected again are skipped.
/// </summary>
internal sealed class StaleOnlineSweep(IGrainFactory grains, IDeviceDirectory directory, Func<string, bool> isConnected, ILogger logger)
{
    private const int PageSize = 1000;
    private const int Concurrency = 16;

    public async Task RunAsync(CancellationToken stopping)
    {
        var started = Stopwatch.StartNew();
        var checkedDevices = 0L;
        try
        {
            string? after = null;
            do
            {
                var page = await directory.ListAsync(after, PageSize);
                await Parallel.ForEachAsync(
                    page.Devices.Where(d => !isConnected(d.DeviceId)),
                    new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stopping },
                    async (device, _) =>
                    {
                        try
                        {
                            await grains.GetGrain<IDeviceGrain>(device.DeviceId).GetTwin();
                        }
                        catch (DeviceException ex)
                        {
                            logger.LogWarning("Registered device {DeviceId} has no twin: {Reason}", device.DeviceId, ex.Message);
                        }

                        Interlocked.Increment(ref checkedDevices);
                    });
                after = page.Next;
            }
            while (after is not null && !stopping.IsCancellationRequested);

            logger.LogInformation("Checked {Count} registered devices for an online state left from the last run in {Elapsed:F1} s", checkedDevices, started.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Checking registered devices for an online state left from the last run stopped after {Count}", checkedDevices);
        }
    }
}
