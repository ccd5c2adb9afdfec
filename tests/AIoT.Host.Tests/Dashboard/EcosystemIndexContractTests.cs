using AIoT.Ecosystem.Index;
using AIoT.Host.Registry;
using AIoT.Host.Registry.Postgres;
using AIoT.Storage.Relational;
using AIoT.Storage.Tests.Support;
using Npgsql;

namespace AIoT.Host.Tests.Dashboard;

/// <summary>The index on SQLite (the host's default), on PostgreSQL (several silos) and in memory (--in-memory) answer alike.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class EcosystemIndexContractTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"aiot-index-{Guid.NewGuid():N}");
    private readonly List<IAsyncDisposable> _opened = [];
    private NpgsqlDataSource? _database;

    public static TheoryData<string> Kinds => ["sqlite", "postgres", "memory"];

    /// <summary>The kinds that keep what they hold across a reopen.</summary>
    public static TheoryData<string> Lasting => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Pages_follow_id_order_counts_count_each_id_once_and_removals_are_forgotten(string kind)
    {
        var index = await OpenAsync(kind);
        await index.UpsertAsync([.. Enumerable.Range(0, 7).Select(i => new IndexEntry(IndexKind.Device, $"dev-{6 - i}", $"Device {i}", "home", "outlet", "hall"))]);
        await index.UpsertAsync([new IndexEntry(IndexKind.Device, "dev-3", "Kettle", "home", "outlet", "kitchen"), new IndexEntry(IndexKind.Household, "home", "Home", "home", "Beijing")]);

        Assert.Equal(7, await index.CountAsync(IndexKind.Device));
        Assert.Equal(1, await index.CountAsync(IndexKind.Household));
        Assert.Equal(0, await index.CountAsync(IndexKind.Person));
        Assert.Equal(new IndexEntry(IndexKind.Device, "dev-3", "Kettle", "home", "outlet", "kitchen"), await index.FindAsync(IndexKind.Device, "dev-3"));

        var first = await index.ListAsync(IndexKind.Device, null, 3);
        Assert.Equal(["dev-0", "dev-1", "dev-2"], first.Entries.Select(e => e.Id));
        Assert.Equal("dev-2", first.Next);
        var last = await index.ListAsync(IndexKind.Device, "dev-5", 3);
        Assert.Equal(["dev-6"], last.Entries.Select(e => e.Id));
        Assert.Null(last.Next);

        await index.RemoveAsync(IndexKind.Device, "dev-3");
        await index.RemoveAsync(IndexKind.Device, "no-such-device");
        Assert.Equal(6, await index.CountAsync(IndexKind.Device));
        Assert.Null(await index.FindAsync(IndexKind.Device, "dev-3"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_search_finds_ids_starting_with_the_text_by_kind_then_id_and_nothing_else(string kind)
    {
        var index = await OpenAsync(kind);
        await index.UpsertAsync([
            new IndexEntry(IndexKind.Device, "hh-1-d2", "Lamp", "hh-1"),
            new IndexEntry(IndexKind.Person, "hh-1-p1", "Li Wei", "hh-1"),
            new IndexEntry(IndexKind.Household, "hh-1", "The Lis", "hh-1"),
            new IndexEntry(IndexKind.Device, "hh-1-d1", "Plug", "hh-1"),
            new IndexEntry(IndexKind.Household, "hh-10", "The Wangs", "hh-10"),
            new IndexEntry(IndexKind.Device, "xhh-1", "Not this one", null),
        ]);

        Assert.Equal(["hh-1", "hh-10", "hh-1-p1", "hh-1-d1", "hh-1-d2"], (await index.SearchAsync("hh-1", 10)).Select(e => e.Id));
        Assert.Equal(["hh-1", "hh-10"], (await index.SearchAsync("hh-1", 2)).Select(e => e.Id));
        Assert.Empty(await index.SearchAsync("zz", 10));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Pages_and_searches_follow_ordinal_order_and_a_search_takes_its_text_literally(string kind)
    {
        var index = await OpenAsync(kind);
        // Ordinal: upper case, then '_', then lower case; a linguistic order would put "hh-a" before "hh-B".
        await index.UpsertAsync([.. new[] { "hh-b", "hh-a", "hh_x", "hh-C", "hh-B", "hh%" }.Select(id => new IndexEntry(IndexKind.Household, id, id, id))]);

        var first = await index.ListAsync(IndexKind.Household, null, 3);
        Assert.Equal(["hh%", "hh-B", "hh-C"], first.Entries.Select(e => e.Id));
        Assert.Equal(["hh-a", "hh-b", "hh_x"], (await index.ListAsync(IndexKind.Household, first.Next, 3)).Entries.Select(e => e.Id));
        Assert.Equal(["hh-B", "hh-C", "hh-a", "hh-b"], (await index.SearchAsync("hh-", 10)).Select(e => e.Id));
        Assert.Equal(["hh_x"], (await index.SearchAsync("hh_", 10)).Select(e => e.Id));
        Assert.Equal(["hh%"], (await index.SearchAsync("hh%", 10)).Select(e => e.Id));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_entry_given_twice_in_one_upsert_is_counted_once_and_keeps_the_last(string kind)
    {
        var index = await OpenAsync(kind);

        await index.UpsertAsync([new IndexEntry(IndexKind.Person, "p-1", "Li Na", "hh"), new IndexEntry(IndexKind.Person, "p-1", "Li Na (moved)", "hh-2")]);

        Assert.Equal(1, await index.CountAsync(IndexKind.Person));
        Assert.Equal(new IndexEntry(IndexKind.Person, "p-1", "Li Na (moved)", "hh-2"), await index.FindAsync(IndexKind.Person, "p-1"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Households_indexing_at_once_are_each_counted_once(string kind)
    {
        var index = await OpenAsync(kind);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => index.UpsertAsync([
            new IndexEntry(IndexKind.Household, $"hh-{i % 60:D2}", $"Home {i}", $"hh-{i % 60:D2}"),
            new IndexEntry(IndexKind.Person, $"hh-{i % 60:D2}-p", $"Owner {i}", $"hh-{i % 60:D2}"),
        ]))));

        Assert.Equal(60, await index.CountAsync(IndexKind.Household));
        Assert.Equal(60, await index.CountAsync(IndexKind.Person));
    }

    [Theory]
    [MemberData(nameof(Lasting))]
    public async Task The_index_keeps_its_entries_and_counts_across_a_reopen(string kind)
    {
        var index = await OpenAsync(kind);
        await index.UpsertAsync([new IndexEntry(IndexKind.Person, "p-1", "Li Na", "hh")]);
        await CloseAsync(index);

        var reopened = await OpenAsync(kind);
        Assert.Equal(1, await reopened.CountAsync(IndexKind.Person));
        Assert.Equal("Li Na", (await reopened.FindAsync(IndexKind.Person, "p-1"))?.Name);
    }

    [Fact]
    public async Task Three_postgres_indexes_opening_at_once_on_an_empty_database_all_open_and_share_one_set_of_tables()
    {
        var database = await DatabaseAsync();
        var indexes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresEcosystemIndex.OpenAsync(database)))).WaitAsync(TimeSpan.FromSeconds(30));
        _opened.AddRange(indexes);

        await Task.WhenAll(indexes.Select((index, i) => index.UpsertAsync([new IndexEntry(IndexKind.Vehicle, $"su7-{i}", "SU7", "hh")])));

        Assert.All(await Task.WhenAll(indexes.Select(index => index.CountAsync(IndexKind.Vehicle))), count => Assert.Equal(3, count));
        Assert.Equal(["su7-0", "su7-1", "su7-2"], (await indexes[1].SearchAsync("su7", 10)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_postgres_table_of_the_index_s_name_with_other_columns_is_refused_and_left_as_it_was()
    {
        var database = await DatabaseAsync();
        await using (var create = database.CreateCommand("CREATE TABLE aiot_ecosystem_index (id text PRIMARY KEY, body jsonb)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<StorageSchemaException>(() => PostgresEcosystemIndex.OpenAsync(database));

        Assert.Contains("The ecosystem index cannot use", refused.Message);
        Assert.Contains("table aiot_ecosystem_index has the columns (id text, body jsonb)", refused.Message);
        await using var tables = database.CreateCommand("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'aiot%'");
        Assert.Equal(1L, await tables.ExecuteScalarAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<IEcosystemIndex> OpenAsync(string kind)
    {
        if (kind == "memory")
        {
            return new MemoryEcosystemIndex();
        }

        IAsyncDisposable opened = kind == "postgres"
            ? await PostgresEcosystemIndex.OpenAsync(await DatabaseAsync())
            : await SqliteEcosystemIndex.OpenAsync(Path.Combine(_folder, "index.db"));
        _opened.Add(opened);
        return (IEcosystemIndex)opened;
    }

    /// <summary>Closes an index before the test ends; the SQLite index may be closed only once.</summary>
    private async Task CloseAsync(IEcosystemIndex index)
    {
        var opened = (IAsyncDisposable)index;
        _opened.Remove(opened);
        await opened.DisposeAsync();
    }

    /// <summary>This test's PostgreSQL database, created on first use.</summary>
    private async Task<NpgsqlDataSource> DatabaseAsync() => _database ??= await postgres.CreateDataSourceAsync("index");
}
