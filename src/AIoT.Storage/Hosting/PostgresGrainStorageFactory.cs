using AIoT.Storage.Options;
using AIoT.Storage.Postgres;
using AIoT.Storage.Relational;

namespace AIoT.Storage.Hosting;

/// <summary>Builds the storage registered under a name from that name's <see cref="PostgresGrainStorageOptions"/>.</summary>
public static class PostgresGrainStorageFactory
{
    public static RelationalGrainStorage Create(IServiceProvider services, string name) =>
        RelationalGrainStorageFactory.Create<PostgresGrainStorageOptions>(
            services, name, PostgresGrainStateDialect.Instance, options => new PostgresConnectionFactory(options.ConnectionString ?? ""));
}
