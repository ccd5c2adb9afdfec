using Npgsql;

namespace AIoT.Benchmarks.Progress;

/// <summary>
/// What a PostgreSQL server says it did, from its statistics views: committed transactions and rows written in one
/// database, rows written to the grain state table, WAL written and synced, and the CPU of the server's processes.
/// The server publishes a backend's counts at most once a second, so deltas are good over several seconds, not one.
/// </summary>
internal sealed record PostgresStats(long Commits, long DatabaseRows, long GrainStateRows, long WalBytes, long WalSyncs, TimeSpan ServerCpu)
{
    private const string Query = """
        SELECT d.xact_commit,
               d.tup_inserted + d.tup_updated + d.tup_deleted,
               coalesce((SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE relname = 'aiot_grain_state'), 0),
               w.wal_bytes::bigint,
               w.wal_sync,
               current_setting('data_directory')
        FROM pg_stat_database d, pg_stat_wal w
        WHERE d.datname = current_database()
        """;

    public static async Task<PostgresStats> ReadAsync(string connectionString)
    {
        // A fresh session each time: a session caches what it read of the statistics until its transaction ends.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new PostgresStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), ServerCpuOf(reader.GetString(5)));
    }

    public PostgresStats Minus(PostgresStats earlier) => new(
        Commits - earlier.Commits, DatabaseRows - earlier.DatabaseRows, GrainStateRows - earlier.GrainStateRows,
        WalBytes - earlier.WalBytes, WalSyncs - earlier.WalSyncs, ServerCpu - earlier.ServerCpu);

    /// <summary>User and system time of the postmaster (its pid is the first line of postmaster.pid) and its children, from /proc.</summary>
    private static TimeSpan ServerCpuOf(string dataDirectory)
    {
        var postmaster = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First().Trim();
        var ticks = 0L;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(folder);
            if (!char.IsAsciiDigit(pid[0]))
            {
                continue;
            }

            try
            {
                // After the ")" that closes the command name: state, ppid, ...; utime, stime, cutime, cstime are fields 14 to 17
                // of the line. The postmaster's cutime and cstime hold the backends that have ended.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (pid == postmaster)
                {
                    ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
                }
                else if (fields[1] == postmaster)
                {
                    ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        // Linux counts in clock ticks of 1/100 s (USER_HZ) on every architecture .NET runs on.
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
