using System.Net;
using System.Net.Sockets;
using AIoT.Storage.Hosting;
using AIoT.Storage.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace AIoT.Storage.Tests.Membership;

/// <summary>Silos and a client that find each other through the PostgreSQL membership tables alone.</summary>
[Collection(PostgresStorageCollection.Name)]
public sealed class PostgresClusterTests(PostgresStorageFixture fixture)
{
    private const string ClusterId = "pg-cluster";
    private static readonly TimeSpan Bound = StorageClusters.Bound;

    [Fact]
    public async Task Two_silos_on_one_database_form_a_cluster_a_client_finds_through_it_and_a_silo_that_leaves_is_seen_dead()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("cluster");
        var hosts = new List<IHost>();
        try
        {
            var first = await StartAsync(SiloHost(connectionString), hosts);
            var second = await StartAsync(SiloHost(connectionString), hosts);

            var silos = new[] { LocalSilo(first), LocalSilo(second) };
            await Task.WhenAll(WaitUntilActiveAsync(first, silos), WaitUntilActiveAsync(second, silos)).WaitAsync(Bound);

            var client = await StartAsync(ClientHost(connectionString), hosts);
            var management = client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            var active = await management.GetHosts(onlyActive: true).WaitAsync(Bound);
            Assert.Equal(silos.OrderBy(s => s.Endpoint.Port), active.Keys.OrderBy(s => s.Endpoint.Port));

            await using var membershipTable = MembershipTables.Create(connectionString, ClusterId);
            var table = await membershipTable.ReadAll().WaitAsync(Bound);
            Assert.Equal(silos.OrderBy(s => s.Endpoint.Port), table.Members.Where(row => row.Item1.Status == SiloStatus.Active).Select(row => row.Item1.SiloAddress).OrderBy(s => s.Endpoint.Port));

            // A silo that leaves writes its own row through UpdateRow; the other sees it dead.
            await second.StopAsync().WaitAsync(Bound);
            await WaitUntilAsync(first, snapshot => snapshot.GetSiloStatus(silos[1]) == SiloStatus.Dead).WaitAsync(Bound);
            var afterLeave = await membershipTable.ReadRow(silos[1]).WaitAsync(Bound);
            Assert.Equal(SiloStatus.Dead, Assert.Single(afterLeave.Members).Item1.Status);
        }
        finally
        {
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].StopAsync().WaitAsync(Bound);
                hosts[i].Dispose();
            }
        }
    }

    [Fact]
    public async Task A_silo_without_a_connection_string_does_not_start_and_says_which_option()
    {
        using var silo = SiloHost(connectionString: "");

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => silo.StartAsync().WaitAsync(Bound));

        Assert.Contains("Cluster membership (PostgreSQL): ConnectionString is required", error.Message);
    }

    private static IHost SiloHost(string connectionString) => new HostBuilder()
        .UseOrleans(silo => silo
            .UsePostgresClustering(options => options.ConnectionString = connectionString)
            .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (ClusterId, "aiot-tests"))
            .ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort()))
        .Build();

    private static IHost ClientHost(string connectionString) => new HostBuilder()
        .UseOrleansClient(client => client
            .UsePostgresClustering(options => options.ConnectionString = connectionString)
            .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (ClusterId, "aiot-tests")))
        .Build();

    private static async Task<IHost> StartAsync(IHost host, List<IHost> started)
    {
        started.Add(host);
        await host.StartAsync().WaitAsync(Bound);
        return host;
    }

    private static SiloAddress LocalSilo(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    private static Task WaitUntilActiveAsync(IHost silo, SiloAddress[] silos) =>
        WaitUntilAsync(silo, snapshot => silos.All(address => snapshot.GetSiloStatus(address) == SiloStatus.Active));

    /// <summary>Waits on the silo's membership updates until one satisfies <paramref name="condition"/>.</summary>
    private static async Task WaitUntilAsync(IHost silo, Func<ClusterMembershipSnapshot, bool> condition)
    {
        var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
        await foreach (var snapshot in membership.MembershipUpdates)
        {
            if (condition(snapshot))
            {
                return;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
