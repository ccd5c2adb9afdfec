using System.Diagnostics;
using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Provisioning;
using Microsoft.Extensions.Logging;

namespace AIoT.Gateway.Connectivity;

/// <summary>
/// After a stop or a crash, twins of devices that were connected still say online, and so do their households. A
/// registered twin that activates saying online goes offline (only its device's next message brings it back), so
/// reading, in the background after the gateway starts, the twins of the devices the directory noted as connected
/// sets right those whose device does not come back; the rest of the fleet is not touched. Devices already connected
/// again are skipped.
/// </summary>
/// <param name="forget">Clears a device's note of being connected, unless it connected again meanwhile.</param>
internal sealed class StaleOnlineSweep(IGrainFactory grains, IDeviceDirectory directory, Func<string, bool> isConnected, Func<string, Task> forget, ILogger logger)
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
                var page = await directory.ListRecordedConnectedAsync(after, PageSize);
                await Parallel.ForEachAsync(
                    page.Where(id => !isConnected(id)),
                    new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stopping },
                    async (deviceId, _) =>
                    {
                        try
                        {
                            await grains.GetGrain<IDeviceGrain>(deviceId).GetTwin();
                        }
                        catch (DeviceException ex)
                        {
                            logger.LogWarning("Device {DeviceId}, noted as connected, has no twin: {Reason}", deviceId, ex.Message);
                        }

                        await forget(deviceId);
                        Interlocked.Increment(ref checkedDevices);
                    });
                after = page.Count == PageSize ? page[^1] : null;
            }
            while (after is not null && !stopping.IsCancellationRequested);

            logger.LogInformation("Checked {Count} devices connected in the last run for an online state left behind in {Elapsed:F1} s", checkedDevices, started.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Checking devices connected in the last run for an online state left behind stopped after {Count}", checkedDevices);
        }
    }
}
