using AIoT.Grains.Runtime;
using AIoT.Grains.Sqlite;
using AIoT.Grains.Storage;
using AIoT.Grains.Tests.Grains;
using AIoT.Grains.Tests.Support;

namespace AIoT.Grains.Tests;

public sealed class PersistentStateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aiot-state-").FullName;

    private string DatabasePath => Path.Combine(_directory, "grains.db");

    private Task<Silo> StartSqliteSiloAsync() => TestSilo.StartAsync(b => b.AddSqliteGrainStorage(DatabasePath));

    [Fact]
    public async Task State_written_before_a_restart_is_read_back_by_a_new_silo_on_the_same_file()
    {
        await using (var silo = await StartSqliteSiloAsync())
        {
            var counter = silo.GrainFactory.GetGrain<IPersistentCounterGrain>("kitchen-light");
            Assert.False(await counter.Existed());
            await counter.Add(5);
            await counter.Add(2);
            await counter.Save();
        }

        await using (var restarted = await StartSqliteSiloAsync())
        {
            var counter = restarted.GrainFactory.GetGrain<IPersistentCounterGrain>("kitchen-light");
            Assert.True(await counter.Existed());
            Assert.Equal(7, await counter.Get());
        }
    }

    [Fact]
    public async Task State_the_grain_writes_on_deactivation_survives_a_graceful_shutdown()
    {
        await using (var silo = await StartSqliteSiloAsync())
        {
            await silo.GrainFactory.GetGrain<IPersistentCounterGrain>("unsaved").Add(3);
        }

        await using var restarted = await StartSqliteSiloAsync();
        Assert.Equal(3, await restarted.GrainFactory.GetGrain<IPersistentCounterGrain>("unsaved").Get());
    }

    [Fact]
    public async Task A_writer_with_a_stale_etag_gets_a_conflict_and_the_other_update_is_kept()
    {
        await using var first = await StartSqliteSiloAsync();
        await using var second = await StartSqliteSiloAsync();
        var one = first.GrainFactory.GetGrain<IPersistentCounterGrain>("contended");
        var two = second.GrainFactory.GetGrain<IPersistentCounterGrain>("contended");
        Assert.Equal(0, await one.Get());
        Assert.Equal(0, await two.Get());

        await one.Add(1);
        await one.Save();
        await two.Add(10);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => two.Save());

        Assert.Contains("contended", conflict.Message);
        Assert.Equal("1", conflict.StoredETag);
        var storage = new SqliteGrainStorage(DatabasePath);
        var stored = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("state", new GrainId(GrainType.Get("persistent-counter", GrainKeyKind.String), GrainKey.FromString("contended")), stored);
        Assert.Equal(1, stored.State.Value);
        Assert.Equal(["+1"], stored.State.History);
    }

    [Fact]
    public async Task Memory_storage_checks_etags_too()
    {
        var storage = new MemoryGrainStorage();
        var id = new GrainId(GrainType.Get("persistent-counter", GrainKeyKind.String), GrainKey.FromString("memory"));
        var a = new GrainState<CounterState>(new CounterState());
        var b = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("state", id, a);
        await storage.ReadStateAsync("state", id, b);

        a.State.Value = 1;
        await storage.WriteStateAsync("state", id, a);
        b.State.Value = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", id, b));

        var check = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("state", id, check);
        Assert.Equal(1, check.State.Value);
    }

    [Fact]
    public async Task A_grain_whose_storage_is_not_registered_fails_activation_with_the_provider_named()
    {
        var silo = new SiloBuilder().AddGrainAssembly(typeof(TestSilo).Assembly).Build();
        await silo.StartAsync();
        await using var _ = silo;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.GrainFactory.GetGrain<IPersistentCounterGrain>("x").Get());
        Assert.Contains("'Default'", error.Message);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
