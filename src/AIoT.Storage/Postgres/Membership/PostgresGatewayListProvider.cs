using System.Net;
using AIoT.Storage.Options;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Messaging;

namespace AIoT.Storage.Postgres.Membership;

/// <summary>
/// Lets a client find its cluster's gateways in the PostgreSQL membership tables: every active silo with a gateway
/// (proxy) port, at the silo's address on that port.
/// </summary>
public sealed class PostgresGatewayListProvider : IGatewayListProvider, IAsyncDisposable
{
    private readonly string _clusterId;
    private readonly PostgresConnectionFactory _connections;

    public PostgresGatewayListProvider(IOptions<PostgresClusteringOptions> options, IOptions<ClusterOptions> clusterOptions, IOptions<GatewayOptions> gatewayOptions)
    {
        _clusterId = clusterOptions.Value.ClusterId;
        _connections = new PostgresConnectionFactory(options.Value.ConnectionString ?? "");
        MaxStaleness = gatewayOptions.Value.GatewayListRefreshPeriod;
    }

    public TimeSpan MaxStaleness { get; }

    public bool IsUpdatable => true;

    /// <summary>Creates the tables when missing, so a client started before any silo finds no gateways rather than an error.</summary>
    public async Task InitializeGatewayListProvider()
    {
        await using var connection = (NpgsqlConnection)await _connections.OpenAsync(CancellationToken.None);
        await PostgresMembershipSchema.EnsureAsync(connection, CancellationToken.None);
    }

    public async Task<IList<Uri>> GetGateways()
    {
        await using var connection = (NpgsqlConnection)await _connections.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(
            "SELECT silo_address, proxy_port FROM aiot_membership_silo WHERE cluster_id = @cluster_id AND status = @active AND proxy_port > 0",
            connection);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("active", (int)SiloStatus.Active);
        await using var reader = await command.ExecuteReaderAsync();
        var gateways = new List<Uri>();
        while (await reader.ReadAsync())
        {
            var silo = SiloAddress.FromParsableString(reader.GetString(0));
            gateways.Add(SiloAddress.New(new IPEndPoint(silo.Endpoint.Address, reader.GetInt32(1)), silo.Generation).ToGatewayUri());
        }

        return gateways;
    }

    public ValueTask DisposeAsync() => _connections.DisposeAsync();
}
