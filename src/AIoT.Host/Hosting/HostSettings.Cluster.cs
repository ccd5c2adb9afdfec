using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using AIoT.Storage.Postgres;

namespace AIoT.Host.Hosting;

/// <summary>The settings that join the silo to a cluster of several on one PostgreSQL database.</summary>
public sealed partial record HostSettings
{
    public const int DefaultClusterGatewayPort = 30000;

    /// <summary>
    /// postgres://user:password@host:port/database (or an Npgsql connection string) of the database that holds the
    /// cluster's membership, grain state, device directory and ecosystem index; null runs one silo on its own.
    /// </summary>
    public string? Cluster { get; init; }

    /// <summary>Port of the Orleans client gateway; null: <see cref="DefaultClusterGatewayPort"/> in a cluster, none alone; 0 picks a free one.</summary>
    public int? GatewayPort { get; init; }

    /// <summary>The address other silos reach this one at, and the silo listens on; null: 127.0.0.1 alone, this machine's first network address in a cluster.</summary>
    public string? Advertise { get; init; }

    public bool Clustered => Cluster is not null;

    /// <summary>The Npgsql connection string of <see cref="Cluster"/>; only once <see cref="Validate"/> passed.</summary>
    public string ClusterConnectionString =>
        PostgresUrl.TryParse(Cluster ?? "", out var connectionString, out var error)
            ? connectionString
            : throw new InvalidOperationException($"--cluster: {error}");

    public IPAddress AdvertisedAddress =>
        Advertise is not null ? IPAddress.Parse(Advertise) : Clustered ? FirstNetworkAddress() : IPAddress.Loopback;

    /// <summary>This silo among those sharing the cluster's device directory: its address and silo port, the same across its restarts.</summary>
    public string ClusterNode => $"{AdvertisedAddress}:{SiloPort}";

    /// <summary>The settings with a port of 0 (any free one) replaced by the port picked, so everything started with them agrees on it.</summary>
    internal HostSettings WithFreePortsPicked()
    {
        var address = AdvertisedAddress;
        return this with
        {
            SiloPort = SiloPort == 0 ? FreePort(address) : SiloPort,
            GatewayPort = GatewayPort == 0 ? FreePort(address) : GatewayPort,
        };
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private string? ValidateCluster()
    {
        if (Cluster is not null && !PostgresUrl.TryParse(Cluster, out _, out var error))
        {
            return $"--cluster: {error}.";
        }

        if (Cluster is not null && InMemory)
        {
            return "--in-memory keeps grain state inside this process, where the cluster's other silos cannot read it: leave it out with --cluster (state goes to the cluster's PostgreSQL).";
        }

        if (GatewayPort is < 0 or > 65535)
        {
            return $"--gateway-port must be between 0 (any free port) and 65535 (got {GatewayPort}).";
        }

        if (Advertise is not null && (!IPAddress.TryParse(Advertise, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            return $"--advertise must be this machine's IP address that the other silos reach, like 10.0.0.5 or 127.0.0.1 for a cluster on one machine (got '{Advertise}').";
        }

        return null;
    }

    private static IPAddress FirstNetworkAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
        ?? IPAddress.Loopback;
}
