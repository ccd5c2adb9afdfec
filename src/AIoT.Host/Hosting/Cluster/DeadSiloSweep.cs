using System.Diagnostics;
using AIoT.Ecosystem.Devices;
using AIoT.Host.Registry.Postgres;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace AIoT.Host.Hosting.Cluster;

/// <summary>
/// A silo that dies (kill -9, a lost machine) leaves its connected devices' twins saying online, with nobody left to
/// say otherwise. One survivor, the active silo with the lowest address, takes over each dead node's notes in the
/// device directory: a device that has connected to another silo since keeps its state; the others go offline.
/// It runs once the silo has started (for nodes that died while no silo ran) and whenever membership changes.
/// </summary>
internal sealed class DeadSiloSweep(
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    PostgresDeviceDirectory directory,
    IGrainFactory grains,
    ILogger<DeadSiloSweep> logger) : BackgroundService
{
    private const int PageSize = 1000;
    private const int Concurrency = 16;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            await SweepDeadNodesAsync(membership.CurrentSnapshot, stopping);
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping))
            {
                await SweepDeadNodesAsync(snapshot, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task SweepDeadNodesAsync(ClusterMembershipSnapshot snapshot, CancellationToken stopping)
    {
        var alive = snapshot.Members.Values.Where(m => m.Status is not SiloStatus.Dead).Select(m => m.SiloAddress).ToList();
        var sweeper = alive.Where(s => snapshot.GetSiloStatus(s) == SiloStatus.Active).Order().FirstOrDefault();
        if (sweeper is null || !sweeper.Equals(local.SiloAddress))
        {
            return;
        }

        try
        {
            var aliveNodes = alive.Select(s => s.Endpoint.ToString()).ToHashSet(StringComparer.Ordinal);
            foreach (var node in await directory.ListNotedNodesAsync())
            {
                if (!aliveNodes.Contains(node) && node != directory.Node)
                {
                    await SweepAsync(node, stopping);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next membership change (or the next start) tries again; the notes stay until a sweep finishes them.
            logger.LogWarning(ex, "Taking over the devices of dead silos failed; it is tried again at the next membership change");
        }
    }

    private async Task SweepAsync(string node, CancellationToken stopping)
    {
        var started = Stopwatch.StartNew();
        var offline = 0;
        var elsewhere = 0;
        while (!stopping.IsCancellationRequested)
        {
            // Each page is forgotten once handled, so the next page starts again from the first note left.
            var page = await directory.ListRecordedConnectedAsync(node, null, PageSize);
            if (page.Count == 0)
            {
                break;
            }

            var back = await directory.ConnectedElsewhereAsync(node, page);
            await Parallel.ForEachAsync(
                page.Where(id => !back.Contains(id)),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stopping },
                async (deviceId, _) =>
                {
                    try
                    {
                        await grains.GetGrain<IDeviceGrain>(deviceId).SetOnline(false);
                    }
                    catch (DeviceException ex)
                    {
                        logger.LogDebug("Device {DeviceId}, connected to the dead silo {Node}, has no twin: {Reason}", deviceId, node, ex.Message);
                    }

                    Interlocked.Increment(ref offline);
                });
            // A device that connected to a survivor while this page was checked may have had its "online" overwritten
            // above; its gateway noted it before saying online, so a second look finds it and puts the state back.
            string[] setOffline = [.. page.Where(id => !back.Contains(id))];
            var returned = setOffline.Length > 0 ? await directory.ConnectedElsewhereAsync(node, setOffline) : new HashSet<string>();
            foreach (var deviceId in returned)
            {
                await grains.GetGrain<IDeviceGrain>(deviceId).SetOnline(true);
            }

            offline -= returned.Count;
            elsewhere += back.Count + returned.Count;
            await directory.ForgetAsync(node, page);
        }

        logger.LogInformation(
            "Took over the devices of the dead silo {Node} in {Elapsed:F1} s: {Offline} marked offline, {Elsewhere} already connected to another silo",
            node, started.Elapsed.TotalSeconds, offline, elsewhere);
    }
}
