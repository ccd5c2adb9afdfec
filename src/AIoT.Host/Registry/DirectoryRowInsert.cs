using AIoT.Gateway.Provisioning;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AIoT.Host.Registry;

/// <summary>
/// Inserts directory rows through SQLite's own statement API on the writer's connection. Through SqliteCommand a row
/// cost about as much again as SQLite's work for it (a data reader per execution, every parameter looked up by name and
/// bound again); here the statement binds by position, and a value the row before bound already (a bulk's model, room,
/// name and time) stays bound, since SQLite keeps bindings across a reset.
/// </summary>
internal static class DirectoryRowInsert
{
    private const string Sql = """
        INSERT INTO device_directory (device_id, model, household_id, room, name, registered_at, secret_hash)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT (device_id) DO NOTHING
        """;

    /// <summary>Inserts the entries whose ids are free, inside the connection's open transaction; returns how many it added and puts the taken ids in <paramref name="taken"/>.</summary>
    public static int Run(SqliteConnection connection, IEnumerable<DirectoryEntry> entries, List<string> taken)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The device directory's connection is closed.");
        Check(raw.sqlite3_prepare_v2(db, Sql, out var statement), db);
        using (statement)
        {
            var bound = new Bound();
            var added = 0;
            foreach (var (device, secretHash) in entries)
            {
                Check(raw.sqlite3_bind_text(statement, 1, device.DeviceId), db);
                BindIfChanged(statement, db, 2, device.Model, ref bound.Model);
                BindIfChanged(statement, db, 3, device.HouseholdId, ref bound.Household);
                BindIfChanged(statement, db, 4, device.Room, ref bound.Room);
                BindIfChanged(statement, db, 5, device.Name, ref bound.Name);
                var at = device.RegisteredAt.ToUnixTimeMilliseconds();
                if (!bound.HasAt || bound.At != at)
                {
                    Check(raw.sqlite3_bind_int64(statement, 6, at), db);
                    (bound.HasAt, bound.At) = (true, at);
                }

                Check(secretHash is null ? raw.sqlite3_bind_null(statement, 7) : raw.sqlite3_bind_text(statement, 7, secretHash), db);
                var stepped = raw.sqlite3_step(statement);
                if (stepped != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(stepped, db);
                }

                if (raw.sqlite3_changes(db) == 1)
                {
                    added++;
                }
                else
                {
                    taken.Add(device.DeviceId);
                }

                Check(raw.sqlite3_reset(statement), db);
            }

            return added;
        }
    }

    /// <summary>Binds a text column (null as NULL) unless this very string is bound there already.</summary>
    private static void BindIfChanged(sqlite3_stmt statement, sqlite3 db, int index, string? value, ref Binding binding)
    {
        if (binding.IsSet && ReferenceEquals(binding.Value, value))
        {
            return;
        }

        Check(value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text(statement, index, value), db);
        binding = new Binding(true, value);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private record struct Binding(bool IsSet, string? Value);

    /// <summary>What the columns that repeat across a bulk hold now.</summary>
    private struct Bound
    {
        public Binding Model;
        public Binding Household;
        public Binding Room;
        public Binding Name;
        public bool HasAt;
        public long At;
    }
}
