using AIoT.Storage.Options;
using AIoT.Storage.Relational;
using AIoT.Storage.Sqlite;

namespace AIoT.Storage.Hosting;

/// <summary>Builds the storage registered under a name from that name's <see cref="SqliteGrainStorageOptions"/>.</summary>
public static class SqliteGrainStorageFactory
{
    public static RelationalGrainStorage Create(IServiceProvider services, string name) =>
        RelationalGrainStorageFactory.Create<SqliteGrainStorageOptions>(
            services,
            name,
            SqliteGrainStateDialect.Instance,
            // The validator reports a missing path with the storage's name; this only keeps the factory from failing first.
            options => new SqliteConnectionFactory(string.IsNullOrWhiteSpace(options.DatabasePath) ? "grains.db" : options.DatabasePath, options.BusyTimeout));
}
