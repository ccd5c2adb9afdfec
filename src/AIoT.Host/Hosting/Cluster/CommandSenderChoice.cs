using System.Net;
using Orleans.Runtime;

namespace AIoT.Host.Hosting.Cluster;

/// <summary>
/// Which silo sends a device's commands when every silo's gateway shares one external broker: the active silo that
/// ranks highest for the device id (rendezvous hashing), so each device has one sender, and a silo joining or dying
/// moves only the devices that ranked it first.
/// </summary>
internal sealed class CommandSenderChoice(IClusterMembershipService membership, ILocalSiloDetails local)
{
    public bool IsLocalSender(string deviceId)
    {
        var snapshot = membership.CurrentSnapshot;
        SiloAddress? best = null;
        var bestRank = 0UL;
        foreach (var (silo, member) in snapshot.Members)
        {
            if (member.Status != SiloStatus.Active)
            {
                continue;
            }

            var rank = Rank(deviceId, silo.Endpoint);
            if (best is null || rank > bestRank)
            {
                (best, bestRank) = (silo, rank);
            }
        }

        // Before the silo sees itself active, nobody else may either: sending beats losing the command.
        return best is null || best.Equals(local.SiloAddress);
    }

    /// <summary>FNV-1a over the device id and the silo's endpoint: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong Rank(string deviceId, IPEndPoint silo)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in $"{deviceId}\n{silo}")
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        // A final mix, so ids that differ in their last characters do not rank silos alike.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        return hash ^ (hash >> 33);
    }
}
