using AIoT.Storage.Postgres.Membership;
using AIoT.Storage.Tests.Support;
using static AIoT.Storage.Tests.Membership.MembershipTables;

namespace AIoT.Storage.Tests.Membership;

/// <summary>Orleans' membership table contract on PostgreSQL: table version and row etags. Each test has a database of its own.</summary>
[Collection(PostgresStorageCollection.Name)]
public sealed class MembershipTableContractTests(PostgresStorageFixture fixture)
{
    private static readonly TimeSpan Bound = StorageClusters.Bound;

    [Fact]
    public async Task Initializing_twice_is_harmless_and_leaves_an_empty_table_at_version_0()
    {
        await using var table = await InitializedAsync();
        await table.InitializeMembershipTable(true).WaitAsync(Bound);

        var data = await table.ReadAll().WaitAsync(Bound);

        Assert.Empty(data.Members);
        Assert.Equal(new TableVersion(0, "0"), data.Version);
    }

    [Fact]
    public async Task An_insert_at_the_next_version_adds_the_row_and_moves_the_version()
    {
        await using var table = await InitializedAsync();
        var entry = Entry(Silo(11111));
        entry.SuspectTimes = [Tuple.Create(Silo(22222, 7), Start.AddSeconds(5))];

        Assert.True(await table.InsertRow(entry, new TableVersion(0, "0").Next()).WaitAsync(Bound));

        var data = await table.ReadRow(entry.SiloAddress).WaitAsync(Bound);
        Assert.Equal(new TableVersion(1, "1"), data.Version);
        var (read, etag) = Assert.Single(data.Members);
        Assert.Equal(Describe(entry), Describe(read));
        Assert.Equal("0", etag);
    }

    [Fact]
    public async Task An_insert_at_a_stale_version_returns_false_and_changes_nothing()
    {
        await using var table = await InitializedAsync();
        Assert.True(await table.InsertRow(Entry(Silo(11111)), new TableVersion(1, "0")).WaitAsync(Bound));

        Assert.False(await table.InsertRow(Entry(Silo(11112)), new TableVersion(1, "0")).WaitAsync(Bound));

        var data = await table.ReadAll().WaitAsync(Bound);
        Assert.Equal(new TableVersion(1, "1"), data.Version);
        Assert.Equal([Silo(11111)], data.Members.Select(row => row.Item1.SiloAddress));
    }

    [Fact]
    public async Task An_insert_whose_version_etag_is_not_the_version_before_it_returns_false()
    {
        await using var table = await InitializedAsync();

        Assert.False(await table.InsertRow(Entry(Silo(11111)), new TableVersion(1, "7")).WaitAsync(Bound));
        Assert.False(await table.InsertRow(Entry(Silo(11111)), new TableVersion(1, "not a version")).WaitAsync(Bound));

        var data = await table.ReadAll().WaitAsync(Bound);
        Assert.Equal((new TableVersion(0, "0"), 0), (data.Version, data.Members.Count));
    }

    [Fact]
    public async Task Inserting_a_silo_that_has_a_row_returns_false_and_keeps_the_version_and_row()
    {
        await using var table = await InitializedAsync();
        var entry = Entry(Silo(11111));
        Assert.True(await table.InsertRow(entry, new TableVersion(1, "0")).WaitAsync(Bound));
        var again = Entry(Silo(11111), SiloStatus.Active);

        Assert.False(await table.InsertRow(again, new TableVersion(2, "1")).WaitAsync(Bound));

        var data = await table.ReadAll().WaitAsync(Bound);
        Assert.Equal(new TableVersion(1, "1"), data.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(data.Members).Item1.Status);
    }

    [Fact]
    public async Task An_update_with_the_row_etag_and_next_version_writes_the_row_and_moves_both()
    {
        await using var table = await InitializedAsync();
        var entry = Entry(Silo(11111));
        Assert.True(await table.InsertRow(entry, new TableVersion(1, "0")).WaitAsync(Bound));
        var read = await table.ReadRow(entry.SiloAddress).WaitAsync(Bound);
        entry.Status = SiloStatus.Active;
        entry.AddSuspector(Silo(22222), Start.AddSeconds(9));

        Assert.True(await table.UpdateRow(entry, read.Members[0].Item2, read.Version.Next()).WaitAsync(Bound));

        var data = await table.ReadRow(entry.SiloAddress).WaitAsync(Bound);
        Assert.Equal(new TableVersion(2, "2"), data.Version);
        Assert.Equal(Describe(entry), Describe(data.Members[0].Item1));
        Assert.Equal("1", data.Members[0].Item2);
    }

    [Fact]
    public async Task An_update_with_a_stale_row_etag_returns_false_and_changes_nothing()
    {
        await using var table = await InitializedAsync();
        var entry = Entry(Silo(11111));
        Assert.True(await table.InsertRow(entry, new TableVersion(1, "0")).WaitAsync(Bound));
        var read = await table.ReadAll().WaitAsync(Bound);
        entry.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRow(entry, read.Members[0].Item2, read.Version.Next()).WaitAsync(Bound));
        var current = await table.ReadAll().WaitAsync(Bound);
        entry.Status = SiloStatus.Dead;

        // The current table version but the row's etag from before the first update.
        Assert.False(await table.UpdateRow(entry, read.Members[0].Item2, current.Version.Next()).WaitAsync(Bound));

        var data = await table.ReadAll().WaitAsync(Bound);
        Assert.Equal(new TableVersion(2, "2"), data.Version);
        Assert.Equal((SiloStatus.Active, "1"), (data.Members[0].Item1.Status, data.Members[0].Item2));
    }

    [Fact]
    public async Task An_update_at_a_stale_table_version_returns_false_and_changes_nothing()
    {
        await using var table = await InitializedAsync();
        var entry = Entry(Silo(11111));
        Assert.True(await table.InsertRow(entry, new TableVersion(1, "0")).WaitAsync(Bound));
        var read = await table.ReadAll().WaitAsync(Bound);
        Assert.True(await table.InsertRow(Entry(Silo(11112)), read.Version.Next()).WaitAsync(Bound));
        entry.Status = SiloStatus.Active;

        // The row's current etag but the table version from before the second insert.
        Assert.False(await table.UpdateRow(entry, read.Members[0].Item2, read.Version.Next()).WaitAsync(Bound));

        var data = await table.ReadRow(entry.SiloAddress).WaitAsync(Bound);
        Assert.Equal(new TableVersion(2, "2"), data.Version);
        Assert.Equal((SiloStatus.Joining, "0"), (data.Members[0].Item1.Status, data.Members[0].Item2));
    }

    [Fact]
    public async Task An_update_of_a_silo_without_a_row_returns_false_and_keeps_the_version()
    {
        await using var table = await InitializedAsync();

        Assert.False(await table.UpdateRow(Entry(Silo(11111)), "0", new TableVersion(1, "0")).WaitAsync(Bound));

        Assert.Equal(new TableVersion(0, "0"), (await table.ReadAll().WaitAsync(Bound)).Version);
    }

    [Fact]
    public async Task ReadAll_returns_every_row_with_its_etag_and_the_version()
    {
        await using var table = await InitializedAsync();
        var silos = new[] { Silo(11111), Silo(11112), Silo(11113) };
        for (var i = 0; i < silos.Length; i++)
        {
            Assert.True(await table.InsertRow(Entry(silos[i]), new TableVersion(i + 1, i.ToString())).WaitAsync(Bound));
        }

        var updated = Entry(silos[1], SiloStatus.Active);
        Assert.True(await table.UpdateRow(updated, "0", new TableVersion(4, "3")).WaitAsync(Bound));

        var data = await table.ReadAll().WaitAsync(Bound);
        Assert.Equal(new TableVersion(4, "4"), data.Version);
        Assert.Equal(
            new[] { (silos[0], SiloStatus.Joining, "0"), (silos[1], SiloStatus.Active, "1"), (silos[2], SiloStatus.Joining, "0") },
            data.Members.Select(row => (row.Item1.SiloAddress, row.Item1.Status, row.Item2)).OrderBy(row => row.SiloAddress.Endpoint.Port));
    }

    [Fact]
    public async Task A_heartbeat_changes_only_the_alive_time_and_earlier_reads_stay_usable()
    {
        await using var table = await InitializedAsync();
        var entry = Entry(Silo(11111));
        Assert.True(await table.InsertRow(entry, new TableVersion(1, "0")).WaitAsync(Bound));
        var before = await table.ReadRow(entry.SiloAddress).WaitAsync(Bound);
        var heartbeat = Entry(Silo(11111), SiloStatus.Dead);
        heartbeat.HostName = "not written";
        heartbeat.IAmAliveTime = Start.AddMinutes(3);

        await table.UpdateIAmAlive(heartbeat).WaitAsync(Bound);

        var after = await table.ReadRow(entry.SiloAddress).WaitAsync(Bound);
        entry.IAmAliveTime = heartbeat.IAmAliveTime;
        Assert.Equal(Describe(entry), Describe(after.Members[0].Item1));
        Assert.Equal((before.Version, before.Members[0].Item2), (after.Version, after.Members[0].Item2));
        entry.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRow(entry, before.Members[0].Item2, before.Version.Next()).WaitAsync(Bound));
    }

    [Fact]
    public async Task Deleting_a_cluster_ids_entries_leaves_other_cluster_ids()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("membership");
        await using var a = await InitializedAsync(connectionString, "cluster-a");
        await using var b = await InitializedAsync(connectionString, "cluster-b");
        Assert.True(await a.InsertRow(Entry(Silo(11111)), new TableVersion(1, "0")).WaitAsync(Bound));
        Assert.True(await b.InsertRow(Entry(Silo(11111)), new TableVersion(1, "0")).WaitAsync(Bound));

        await a.DeleteMembershipTableEntries("cluster-a").WaitAsync(Bound);

        Assert.Empty((await a.ReadAll().WaitAsync(Bound)).Members);
        var kept = await b.ReadAll().WaitAsync(Bound);
        Assert.Equal((new TableVersion(1, "1"), 1), (kept.Version, kept.Members.Count));
    }

    [Fact]
    public async Task Cleanup_deletes_dead_silos_last_updated_before_the_date_and_keeps_the_others()
    {
        await using var table = await InitializedAsync();
        var oldDead = Entry(Silo(11111), SiloStatus.Dead);
        var recentlyDeclaredDead = Entry(Silo(11112), SiloStatus.Dead);
        recentlyDeclaredDead.SuspectTimes = [Tuple.Create(Silo(11113), Start.AddHours(2))];
        var oldActive = Entry(Silo(11113), SiloStatus.Active);
        var recentDead = Entry(Silo(11114), SiloStatus.Dead);
        recentDead.IAmAliveTime = Start.AddHours(2);
        var entries = new[] { oldDead, recentlyDeclaredDead, oldActive, recentDead };
        for (var i = 0; i < entries.Length; i++)
        {
            Assert.True(await table.InsertRow(entries[i], new TableVersion(i + 1, i.ToString())).WaitAsync(Bound));
        }

        await table.CleanupDefunctSiloEntries(new DateTimeOffset(Start.AddHours(1))).WaitAsync(Bound);

        var data = await table.ReadAll().WaitAsync(Bound);
        Assert.Equal(
            [Silo(11112), Silo(11113), Silo(11114)],
            data.Members.Select(row => row.Item1.SiloAddress).OrderBy(silo => silo.Endpoint.Port));
        Assert.Equal(new TableVersion(4, "4"), data.Version);
    }

    [Fact]
    public async Task Of_silos_inserting_at_once_with_the_same_version_exactly_one_wins()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("membership");
        await using var first = await InitializedAsync(connectionString);
        var tables = new List<PostgresMembershipTable> { first };
        try
        {
            for (var i = 1; i < 8; i++)
            {
                tables.Add(await InitializedAsync(connectionString));
            }

            var version = (await first.ReadAll().WaitAsync(Bound)).Version.Next();
            var inserts = tables.Select((table, i) => Task.Run(() => table.InsertRow(Entry(Silo(12000 + i)), version))).ToArray();
            var won = await Task.WhenAll(inserts).WaitAsync(Bound);

            Assert.Single(won, inserted => inserted);
            var data = await first.ReadAll().WaitAsync(Bound);
            Assert.Equal((new TableVersion(1, "1"), Silo(12000 + Array.IndexOf(won, true))), (data.Version, Assert.Single(data.Members).Item1.SiloAddress));
        }
        finally
        {
            foreach (var table in tables.Skip(1))
            {
                await table.DisposeAsync();
            }
        }
    }

    private async Task<PostgresMembershipTable> InitializedAsync(string? connectionString = null, string clusterId = "cluster-a")
    {
        var table = Create(connectionString ?? await fixture.Server.CreateDatabaseAsync("membership"), clusterId);
        try
        {
            await table.InitializeMembershipTable(true).WaitAsync(Bound);
            return table;
        }
        catch
        {
            await table.DisposeAsync();
            throw;
        }
    }
}
