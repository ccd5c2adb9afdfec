using AIoT.Storage.Options;
using AIoT.Storage.Relational;
using AIoT.Storage.Tests.Support;
using Npgsql;

namespace AIoT.Storage.Tests.Membership;

/// <summary>What the membership table does with its database as silos start, and with bad options.</summary>
[Collection(PostgresStorageCollection.Name)]
public sealed class MembershipSchemaTests(PostgresStorageFixture fixture)
{
    private static readonly TimeSpan Bound = StorageClusters.Bound;

    [Fact]
    public async Task Silos_initializing_at_once_on_a_fresh_database_all_succeed_on_one_version_row()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("membership_race");
        var tables = Enumerable.Range(0, 6).Select(_ => MembershipTables.Create(connectionString)).ToArray();
        try
        {
            await Task.WhenAll(tables.Select(table => Task.Run(() => table.InitializeMembershipTable(true)))).WaitAsync(Bound);

            Assert.True(await tables[0].InsertRow(MembershipTables.Entry(MembershipTables.Silo(11111)), new TableVersion(1, "0")).WaitAsync(Bound));
            Assert.Equal(new TableVersion(1, "1"), (await tables[5].ReadAll().WaitAsync(Bound)).Version);
            Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM aiot_membership_version"));
        }
        finally
        {
            foreach (var table in tables)
            {
                await table.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_foreign_table_of_the_same_name_is_refused_with_what_was_found_and_left_as_it_was()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("membership_foreign");
        await ExecuteAsync(connectionString, "CREATE TABLE aiot_membership_silo (id integer PRIMARY KEY); INSERT INTO aiot_membership_silo VALUES (7)");
        await using var table = MembershipTables.Create(connectionString);

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => table.InitializeMembershipTable(true).WaitAsync(Bound));

        Assert.Contains("aiot_membership_silo has the columns (id integer)", error.Message);
        Assert.Contains("Nothing in the database was changed", error.Message);
        Assert.Equal(7L, await ScalarAsync(connectionString, "SELECT sum(id) FROM aiot_membership_silo"));
        Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'aiot_membership_version'"));
    }

    [Theory]
    [InlineData(null, "ConnectionString is required")]
    [InlineData("Database=aiot", "ConnectionString names no Host")]
    [InlineData("Host=db;Port=not-a-port", "ConnectionString does not parse")]
    public void A_bad_connection_string_is_refused_naming_the_option(string? connectionString, string expected)
    {
        var validator = new PostgresClusteringOptionsValidator(
            Microsoft.Extensions.Options.Options.Create(new PostgresClusteringOptions { ConnectionString = connectionString }));

        var error = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.StartsWith("Cluster membership (PostgreSQL): " + expected, error.Message);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
