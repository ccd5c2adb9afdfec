using AIoT.Gateway.Provisioning;
using AIoT.Gateway.Tests.Support;
using AIoT.Host.Registry;
using AIoT.Storage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AIoT.Gateway.Tests;

/// <summary>The device directory keeps a removal that did not finish across restarts, and the SQLite one takes over files from before removals could be resumed.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class DirectoryRemovalTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-directory-").FullName;
    private readonly DirectoryKinds _directories = new(postgres);

    private string DirectoryPath => Path.Combine(_folder, "devices.db");

    private string GrainsPath => Path.Combine(_folder, "grains.db");

    [Theory]
    [MemberData(nameof(DirectoryKinds.Lasting), MemberType = typeof(DirectoryKinds))]
    public async Task A_device_being_removed_stays_hidden_and_taken_after_a_restart_until_its_removal_finishes(string kind)
    {
        var directory = await _directories.OpenAsync(kind);
        await directory.AddAsync([Entry("plug-a"), Entry("plug-b")]);
        Assert.Equal("plug-a", (await directory.BeginRemovalAsync("plug-a"))?.Device.DeviceId);
        await ((IAsyncDisposable)directory).DisposeAsync();

        directory = await _directories.OpenAsync(kind);
        Assert.Null(await directory.FindAsync("plug-a"));
        Assert.Equal(["plug-b"], (await directory.ListAsync(null, 10)).Devices.Select(d => d.DeviceId));
        Assert.Equal(1, await directory.CountAsync());
        Assert.Equal(["plug-a"], await directory.AddAsync([Entry("plug-a")]));
        Assert.NotNull(await directory.BeginRemovalAsync("plug-a"));
        Assert.Equal(1, await directory.CountAsync());

        Assert.True(await directory.RemoveAsync("plug-a"));
        Assert.True(await directory.RemoveAsync("plug-b"));
        Assert.False(await directory.RemoveAsync("plug-b"));
        Assert.Equal(0, await directory.CountAsync());
        Assert.Null(await directory.BeginRemovalAsync("plug-a"));
        Assert.Empty(await directory.AddAsync([Entry("plug-a")]));
        Assert.Equal(1, await directory.CountAsync());
    }

    [Theory]
    [MemberData(nameof(DirectoryKinds.All), MemberType = typeof(DirectoryKinds))]
    public async Task Removals_begun_at_once_count_the_device_out_once(string kind)
    {
        var directory = await _directories.OpenAsync(kind);
        await directory.AddAsync([Entry("plug-a"), Entry("plug-b")]);

        var begun = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => directory.BeginRemovalAsync("plug-a"))));

        Assert.All(begun, entry => Assert.Equal("plug-a", entry?.Device.DeviceId));
        Assert.Equal(1, await directory.CountAsync());
    }

    [Fact]
    public async Task A_directory_file_from_before_resumable_removals_keeps_its_devices()
    {
        using (var connection = new SqliteConnection($"Data Source={DirectoryPath};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE device_directory (device_id TEXT NOT NULL PRIMARY KEY, model TEXT NOT NULL, household_id TEXT,
                    room TEXT NOT NULL, name TEXT NOT NULL, registered_at INTEGER NOT NULL, secret_hash TEXT) WITHOUT ROWID;
                CREATE TABLE device_directory_count (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), devices INTEGER NOT NULL);
                INSERT INTO device_directory VALUES ('old-plug', 'cuco.plug.v2eur', NULL, '', 'Desk plug', 0, NULL);
                INSERT INTO device_directory_count VALUES (1, 1);
                """;
            create.ExecuteNonQuery();
        }

        await using var directory = await SqliteDeviceDirectory.OpenAsync(DirectoryPath, GrainsPath);

        Assert.Equal("Desk plug", (await directory.FindAsync("old-plug"))?.Device.Name);
        Assert.Equal(1, await directory.CountAsync());
        Assert.NotNull(await directory.BeginRemovalAsync("old-plug"));
        Assert.Equal(0, await directory.CountAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _directories.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static DirectoryEntry Entry(string id) =>
        new(new ProvisionedDevice(id, "cuco.plug.v2eur", null, "", "Plug", DateTimeOffset.UnixEpoch), "hash");
}
