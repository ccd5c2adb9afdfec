using AIoT.Gateway.Provisioning;
using AIoT.Host.Registry.Postgres;
using AIoT.Storage.Relational;
using AIoT.Storage.Tests.Support;
using Npgsql;

namespace AIoT.Gateway.Tests;

/// <summary>Several silos sharing one device directory in PostgreSQL: each notes its own connected devices, and they may all open it at once.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class PostgresDirectoryTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private NpgsqlDataSource _database = null!;

    [Fact]
    public async Task Two_nodes_keep_their_connected_devices_apart_and_a_survivor_can_take_over_the_list_of_one_that_died()
    {
        await using var a = await PostgresDeviceDirectory.OpenAsync(_database, "silo-a");
        await using var b = await PostgresDeviceDirectory.OpenAsync(_database, "silo-b");
        await a.AddAsync([Entry("plug-1"), Entry("plug-2"), Entry("plug-3")]);
        await a.RecordConnectedAsync("plug-1", connected: true);
        await a.RecordConnectedAsync("plug-2", connected: true);
        await b.RecordConnectedAsync("plug-3", connected: true);
        // plug-2 moved to silo b; silo a never saw it leave.
        await b.RecordConnectedAsync("plug-2", connected: true);

        Assert.Equal(["plug-1", "plug-2"], await a.ListRecordedConnectedAsync(null, 10));
        Assert.Equal(["plug-2", "plug-3"], await b.ListRecordedConnectedAsync(null, 10));

        // Silo b's start-up sweep forgets what it checked, and only its own notes.
        await b.RecordConnectedAsync("plug-2", connected: false);
        Assert.Equal(["plug-1", "plug-2"], await a.ListRecordedConnectedAsync(null, 10));

        // Silo a died: silo b reads its list, then forgets it.
        Assert.Equal(["plug-2"], await b.ListRecordedConnectedAsync("silo-a", "plug-1", 10));
        Assert.Equal(2, await b.ForgetNodeAsync("silo-a"));
        Assert.Empty(await a.ListRecordedConnectedAsync(null, 10));
        Assert.Equal(["plug-3"], await b.ListRecordedConnectedAsync(null, 10));
        Assert.Equal(3, await a.CountAsync());
    }

    [Fact]
    public async Task A_survivor_sees_which_nodes_have_notes_which_devices_came_back_elsewhere_and_forgets_only_what_it_names()
    {
        await using var a = await PostgresDeviceDirectory.OpenAsync(_database, "10.0.0.1:11111");
        await using var b = await PostgresDeviceDirectory.OpenAsync(_database, "10.0.0.2:11111");
        await using var c = await PostgresDeviceDirectory.OpenAsync(_database, "10.0.0.3:11111");
        await a.AddAsync([Entry("plug-1"), Entry("plug-2"), Entry("plug-3")]);
        await a.RecordConnectedAsync("plug-1", connected: true);
        await a.RecordConnectedAsync("plug-2", connected: true);
        await a.RecordConnectedAsync("plug-3", connected: true);
        await c.RecordConnectedAsync("plug-2", connected: true);

        Assert.Equal(["10.0.0.1:11111", "10.0.0.3:11111"], await b.ListNotedNodesAsync());
        Assert.Equal(["plug-2"], await b.ConnectedElsewhereAsync(a.Node, ["plug-1", "plug-2", "plug-3"]));

        await b.ForgetAsync(a.Node, ["plug-1", "plug-2"]);

        Assert.Equal(["plug-3"], await a.ListRecordedConnectedAsync(null, 10));
        Assert.Equal(["plug-2"], await c.ListRecordedConnectedAsync(null, 10));
    }

    [Fact]
    public async Task Removing_a_device_forgets_it_as_connected_on_every_node()
    {
        await using var a = await PostgresDeviceDirectory.OpenAsync(_database, "silo-a");
        await using var b = await PostgresDeviceDirectory.OpenAsync(_database, "silo-b");
        await a.AddAsync([Entry("plug-1")]);
        await a.RecordConnectedAsync("plug-1", connected: true);
        await b.RecordConnectedAsync("plug-1", connected: true);

        Assert.True(await b.RemoveAsync("plug-1"));

        Assert.Empty(await a.ListRecordedConnectedAsync(null, 10));
        Assert.Empty(await b.ListRecordedConnectedAsync(null, 10));
    }

    [Fact]
    public async Task Three_directories_opening_at_once_on_an_empty_database_all_open_and_share_one_set_of_tables()
    {
        var directories = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() => PostgresDeviceDirectory.OpenAsync(_database, $"silo-{i}")))).WaitAsync(Bound);
        try
        {
            await Task.WhenAll(directories.Select((directory, i) => directory.AddAsync([Entry($"plug-{i}")])));

            Assert.All(await Task.WhenAll(directories.Select(directory => directory.CountAsync())), count => Assert.Equal(3, count));
            Assert.Equal(["plug-0", "plug-1", "plug-2"], (await directories[2].ListAsync(null, 10)).Devices.Select(d => d.DeviceId));
            await using var tables = _database.CreateCommand("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'aiot\\_device\\_%'");
            Assert.Equal(3L, await tables.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var directory in directories)
            {
                await directory.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_table_of_the_directory_s_name_with_other_columns_is_refused_and_the_database_left_as_it_was()
    {
        await using (var create = _database.CreateCommand("CREATE TABLE aiot_device_connected (node text, seen_at timestamptz); INSERT INTO aiot_device_connected VALUES ('theirs', now())"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<StorageSchemaException>(() => PostgresDeviceDirectory.OpenAsync(_database, "silo-a"));

        Assert.Contains("table aiot_device_connected has the columns (node text, seen_at timestamp with time zone)", refused.Message);
        Assert.Contains("Nothing in the database was changed", refused.Message);
        await using var tables = _database.CreateCommand("SELECT string_agg(tablename, ',') FROM pg_tables WHERE tablename LIKE 'aiot%'");
        Assert.Equal("aiot_device_connected", await tables.ExecuteScalarAsync());
        await using var rows = _database.CreateCommand("SELECT count(*) FROM aiot_device_connected");
        Assert.Equal(1L, await rows.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task A_node_without_a_name_is_refused_saying_what_it_is_for(string node)
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => PostgresDeviceDirectory.OpenAsync(_database, node));

        Assert.Contains("devices connected to it are noted under that name", refused.Message);
    }

    [Fact]
    public async Task A_closed_directory_refuses_calls()
    {
        var directory = await PostgresDeviceDirectory.OpenAsync(_database, "silo-a");
        await directory.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => directory.FindAsync("plug-1"));
    }

    public async Task InitializeAsync() => _database = await postgres.CreateDataSourceAsync("directory");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static DirectoryEntry Entry(string id) =>
        new(new ProvisionedDevice(id, "cuco.plug.v2eur", null, "", "Plug", DateTimeOffset.UnixEpoch), "hash");
}
