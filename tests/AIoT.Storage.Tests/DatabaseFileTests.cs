using System.Text;
using AIoT.Storage.Options;
using AIoT.Storage.Tests.Support;

namespace AIoT.Storage.Tests;

/// <summary>What happens to the file across silo starts: each test starts its own clusters on its own file.</summary>
public sealed class DatabaseFileTests : IDisposable
{
    private static readonly TimeSpan Bound = StorageClusters.Bound;
    private readonly TempFolder _folder = new();

    private string DatabasePath => _folder.DatabasePath;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task State_survives_a_new_cluster_on_the_same_file()
    {
        await using (var first = await StorageClusters.StartAsync(DatabasePath))
        {
            await first.Counter("kept").Set(5).WaitAsync(Bound);
            await first.Counter("kept").Increment().WaitAsync(Bound);
        }

        await using var second = await StorageClusters.StartAsync(DatabasePath);

        Assert.Equal(new(6, "2", true), await second.Counter("kept").Get().WaitAsync(Bound));
        Assert.Equal(new(7, "3", true), await second.Counter("kept").Increment().WaitAsync(Bound));
        Assert.Equal("wal", SqliteFile.Scalar<string>(DatabasePath, "PRAGMA journal_mode"));
        Assert.Equal(1L, SqliteFile.Scalar<long>(DatabasePath, "PRAGMA user_version"));
    }

    [Fact]
    public async Task A_serializer_set_in_the_options_writes_and_reads_the_payload()
    {
        await using var cluster = await StorageClusters.StartAsync(DatabasePath, options => options.GrainStorageSerializer = new ReversedJsonSerializer());

        await cluster.Counter("reversed").Set(12).WaitAsync(Bound);
        await cluster.DeactivateAsync(cluster.Counter("reversed")).WaitAsync(Bound);

        Assert.Equal("""}21:"eulav"{""", Encoding.UTF8.GetString(SqliteFile.Row(DatabasePath, "counter/reversed")!.Value.Payload));
        Assert.Equal(new(12, "1", true), await cluster.Counter("reversed").Get().WaitAsync(Bound));
    }

    [Fact]
    public async Task A_file_the_old_runtime_wrote_is_read_as_is_and_marked_as_format_1()
    {
        SqliteFile.Execute(DatabasePath, SqliteFile.OldRuntimeCreateTable);
        SqliteFile.Execute(
            DatabasePath,
            "INSERT INTO grain_state VALUES ('counter/a', 'state', 'counter', $payload, 3, 1767225600000)",
            ("$payload", Encoding.UTF8.GetBytes("""{"value":42}""")));

        await using var cluster = await StorageClusters.StartAsync(DatabasePath);

        Assert.Equal(new(42, "3", true), await cluster.Counter("a").Get().WaitAsync(Bound));
        Assert.Equal(new(43, "4", true), await cluster.Counter("a").Increment().WaitAsync(Bound));
        Assert.Equal(1L, SqliteFile.Scalar<long>(DatabasePath, "PRAGMA user_version"));
    }

    [Fact]
    public async Task A_foreign_grain_state_table_refuses_the_start_and_stays_untouched()
    {
        SqliteFile.Execute(DatabasePath, "CREATE TABLE grain_state (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO grain_state VALUES (1, 'theirs');");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StorageClusters.StartAsync(DatabasePath));

        var message = refused.ToString();
        Assert.Contains("'store'", message);
        Assert.Contains(Path.GetFullPath(DatabasePath), message);
        Assert.Contains("grain_state has the columns (id INTEGER, body TEXT, primary key id)", message);
        Assert.Contains("another --data folder", message);
        Assert.Equal("theirs", SqliteFile.Scalar<string>(DatabasePath, "SELECT body FROM grain_state"));
        Assert.Equal(0L, SqliteFile.Scalar<long>(DatabasePath, "PRAGMA user_version"));
        Assert.Equal("delete", SqliteFile.Scalar<string>(DatabasePath, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_file_of_a_newer_format_refuses_the_start()
    {
        SqliteFile.Execute(DatabasePath, SqliteFile.OldRuntimeCreateTable + "PRAGMA user_version = 2;");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StorageClusters.StartAsync(DatabasePath));

        var message = refused.ToString();
        Assert.Contains("'store'", message);
        Assert.Contains(Path.GetFullPath(DatabasePath), message);
        Assert.Contains("marked as format 2 (PRAGMA user_version), newer than format 1", message);
        Assert.Contains("another --data folder", message);
        Assert.Equal(2L, SqliteFile.Scalar<long>(DatabasePath, "PRAGMA user_version"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_refuses_the_start()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var text = "these are someone's notes, not a database, and they are long enough to fill a page header";
        await File.WriteAllTextAsync(DatabasePath, text);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StorageClusters.StartAsync(DatabasePath));

        Assert.Contains("not a SQLite database", refused.ToString());
        Assert.Equal(text, await File.ReadAllTextAsync(DatabasePath));
    }

    [Fact]
    public void Options_without_a_database_path_are_refused_naming_the_storage()
    {
        var refused = Assert.Throws<OrleansConfigurationException>(
            () => new SqliteGrainStorageOptionsValidator(new SqliteGrainStorageOptions(), "store").ValidateConfiguration());

        Assert.Contains("Grain storage 'store' (SQLite)", refused.Message);
        Assert.Contains(nameof(SqliteGrainStorageOptions.DatabasePath), refused.Message);
    }
}
