using System.Net;
using AIoT.Storage.Options;
using AIoT.Storage.Postgres.Membership;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;

namespace AIoT.Storage.Tests.Membership;

/// <summary>Membership tables and entries for the contract tests, outside any silo.</summary>
internal static class MembershipTables
{
    /// <summary>A moment on whole microseconds, as timestamptz keeps them.</summary>
    public static readonly DateTime Start = new(2026, 12, 1, 18, 0, 0, DateTimeKind.Utc);

    public static PostgresMembershipTable Create(string connectionString, string clusterId = "cluster-a") => new(
        Microsoft.Extensions.Options.Options.Create(new PostgresClusteringOptions { ConnectionString = connectionString }),
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "aiot" }),
        NullLogger<PostgresMembershipTable>.Instance);

    public static SiloAddress Silo(int port, int generation = 1) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation);

    public static MembershipEntry Entry(SiloAddress silo, SiloStatus status = SiloStatus.Joining) => new()
    {
        SiloAddress = silo,
        Status = status,
        ProxyPort = silo.Endpoint.Port + 1000,
        HostName = "host-" + silo.Endpoint.Port,
        SiloName = "silo-" + silo.Endpoint.Port,
        RoleName = "aiot",
        UpdateZone = 2,
        FaultZone = 3,
        StartTime = Start,
        IAmAliveTime = Start.AddSeconds(1),
        SuspectTimes = [],
    };

    /// <summary>The fields Orleans writes, as one comparable text.</summary>
    public static string Describe(MembershipEntry entry) =>
        $"{entry.SiloAddress.ToParsableString()} {entry.Status} {entry.ProxyPort} {entry.HostName} {entry.SiloName} {entry.RoleName} "
        + $"{entry.UpdateZone} {entry.FaultZone} {entry.StartTime:O} {entry.IAmAliveTime:O} "
        + string.Join(",", (entry.SuspectTimes ?? []).Select(vote => $"{vote.Item1.ToParsableString()}={vote.Item2:O}"));
}
