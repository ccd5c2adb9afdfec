using AIoT.Ecosystem.Index;
using AIoT.Host.Registry;

namespace AIoT.Host.Tests.Dashboard;

/// <summary>The index on SQLite (the host's default) and in memory (--in-memory) answer alike.</summary>
public sealed class EcosystemIndexContractTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"aiot-index-{Guid.NewGuid():N}");
    private readonly List<IAsyncDisposable> _opened = [];

    public static TheoryData<string> Kinds => ["sqlite", "memory"];

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

    [Fact]
    public async Task The_sqlite_index_keeps_its_entries_and_counts_across_a_reopen()
    {
        var path = Path.Combine(_folder, "index.db");
        await using (var index = await SqliteEcosystemIndex.OpenAsync(path))
        {
            await index.UpsertAsync([new IndexEntry(IndexKind.Person, "p-1", "Li Na", "hh")]);
        }

        await using var reopened = await SqliteEcosystemIndex.OpenAsync(path);
        Assert.Equal(1, await reopened.CountAsync(IndexKind.Person));
        Assert.Equal("Li Na", (await reopened.FindAsync(IndexKind.Person, "p-1"))?.Name);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
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

        var index = await SqliteEcosystemIndex.OpenAsync(Path.Combine(_folder, "index.db"));
        _opened.Add(index);
        return index;
    }
}
