using AIoT.Storage.Relational;
using AIoT.Storage.Tests.Grains;
using AIoT.Storage.Tests.Support;
using Npgsql;
using Orleans.Storage;

namespace AIoT.Storage.Tests;

/// <summary>What the PostgreSQL storage does with its database at start: each test has a database of its own.</summary>
[Collection(PostgresStorageCollection.Name)]
public sealed class PostgresDatabaseTests(PostgresStorageFixture fixture)
{
    private static readonly TimeSpan Bound = StorageClusters.Bound;

    [Fact]
    public async Task Providers_starting_at_once_on_a_fresh_database_all_succeed_and_share_one_table()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("race");
        var storages = Enumerable.Range(0, 6).Select(_ => StandaloneStorages.Postgres(connectionString)).ToArray();
        try
        {
            await Task.WhenAll(storages.Select(storage => Task.Run(() => storage.StartAsync(CancellationToken.None)))).WaitAsync(Bound);

            var grainId = GrainId.Create("counter", "shared");
            await storages[0].WriteStateAsync("state", grainId, new GrainState<CounterState>(new CounterState { Value = 8 })).WaitAsync(Bound);
            var read = new GrainState<CounterState>(new CounterState());
            await storages[5].ReadStateAsync("state", grainId, read).WaitAsync(Bound);
            Assert.Equal((8, "1"), (read.State!.Value, read.ETag));
            Assert.Equal(1L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'aiot_grain_state'"));
        }
        finally
        {
            foreach (var storage in storages)
            {
                await storage.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_write_the_database_rejects_fails_only_its_own_caller_in_its_group()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("poison");
        await using var storage = StandaloneStorages.Postgres(connectionString);
        await storage.StartAsync(CancellationToken.None).WaitAsync(Bound);
        var ids = Enumerable.Range(0, 50).Select(i => GrainId.Create("counter", $"poison-{i}")).ToArray();
        await ExecuteAsync(connectionString, $"""
            CREATE FUNCTION reject_one() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.grain_id = '{ids[13]}' THEN RAISE EXCEPTION 'rejected by the test'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER reject_one BEFORE INSERT ON aiot_grain_state FOR EACH ROW EXECUTE FUNCTION reject_one();
            """);

        var writes = ids.Select(id => storage.WriteStateAsync("state", id, new GrainState<CounterState>(new CounterState { Value = 1 }))).ToArray();
        await Task.WhenAll(writes).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Bound);

        Assert.Contains("rejected by the test", writes[13].Exception!.InnerException!.Message);
        Assert.All(writes.Where((_, i) => i != 13), write => Assert.True(write.IsCompletedSuccessfully));
        Assert.Equal(49L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM aiot_grain_state"));
    }

    [Fact]
    public async Task Connections_the_database_drops_are_opened_again_so_reads_and_writes_carry_on()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("dropped");
        await using var storage = StandaloneStorages.Postgres(connectionString);
        await storage.StartAsync(CancellationToken.None).WaitAsync(Bound);
        var grainId = GrainId.Create("counter", "survivor");
        var state = new GrainState<CounterState>(new CounterState { Value = 1 });
        await storage.WriteStateAsync("state", grainId, state).WaitAsync(Bound);

        // What a server restart or a failover does to every open connection of the storage.
        var dropped = await ScalarAsync<long>(connectionString, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        Assert.True(dropped >= 2, $"{dropped} connections dropped (the writer's and a reader's)");

        state.State!.Value = 2;
        await storage.WriteStateAsync("state", grainId, state).WaitAsync(Bound);
        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("state", grainId, read).WaitAsync(Bound);
        Assert.Equal((2, "2"), (read.State!.Value, read.ETag));
    }

    [Fact]
    public async Task A_silo_restarted_on_the_database_finds_the_table_and_its_rows()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("restart");
        await using (var first = await StorageClusters.StartPostgresAsync(connectionString))
        {
            await first.Counter("kept").Set(5).WaitAsync(Bound);
            await first.Counter("kept").Increment().WaitAsync(Bound);
        }

        await using var second = await StorageClusters.StartPostgresAsync(connectionString);

        Assert.Equal(new StateSnapshot(6, "2", true), await second.Counter("kept").Get().WaitAsync(Bound));
        Assert.Equal(new StateSnapshot(7, "3", true), await second.Counter("kept").Increment().WaitAsync(Bound));
    }

    [Fact]
    public async Task A_foreign_table_of_the_same_name_refuses_the_start_and_stays_untouched()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("foreign");
        await ExecuteAsync(connectionString, "CREATE TABLE aiot_grain_state (id integer PRIMARY KEY, body text); INSERT INTO aiot_grain_state VALUES (1, 'theirs')");
        await using var storage = StandaloneStorages.Postgres(connectionString);

        var refused = await Assert.ThrowsAsync<GrainStorageUnavailableException>(() => storage.StartAsync(CancellationToken.None).WaitAsync(Bound));

        Assert.Contains("Grain storage 'store'", refused.Message);
        Assert.Contains("PostgreSQL database 'foreign_", refused.Message);
        Assert.Contains("aiot_grain_state has the columns (id integer, body text)", refused.Message);
        Assert.Contains("Nothing in the database was changed", refused.Message);
        Assert.Equal("theirs", await ScalarAsync<string>(connectionString, "SELECT body FROM aiot_grain_state"));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=five;Password=secret-word", "does not parse as an Npgsql connection string")]
    [InlineData("this is not a connection string", "does not parse as an Npgsql connection string")]
    [InlineData("", "ConnectionString is required")]
    [InlineData("Database=aiot;Password=secret-word", "names no Host")]
    public async Task A_bad_connection_string_refuses_the_silo_start_naming_the_option(string connectionString, string problem)
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StorageClusters.StartPostgresAsync(connectionString));

        var message = refused.ToString();
        Assert.Contains("Grain storage 'store' (PostgreSQL): ConnectionString", message);
        Assert.Contains(problem, message);
        Assert.DoesNotContain("secret-word", message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_refuses_the_start_naming_the_database()
    {
        var nobody = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Port = FreePort(), Database = "absent", Timeout = 5 }.ToString();
        await using var storage = StandaloneStorages.Postgres(nobody);

        var refused = await Assert.ThrowsAsync<GrainStorageUnavailableException>(() => storage.StartAsync(CancellationToken.None).WaitAsync(Bound));

        Assert.Contains("Grain storage 'store' cannot use the PostgreSQL database 'absent' on 127.0.0.1:", refused.Message);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
