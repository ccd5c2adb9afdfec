using AIoT.Storage.Options;
using AIoT.Storage.Postgres.Membership;
using Microsoft.Extensions.DependencyInjection;

namespace AIoT.Storage.Hosting;

public static class PostgresClusteringSiloBuilderExtensions
{
    /// <summary>
    /// Keeps the silo's cluster membership in PostgreSQL: registers <see cref="PostgresMembershipTable"/> as the
    /// <see cref="IMembershipTable"/>. Its tables are created (when missing) as the silo joins; silos of one cluster id
    /// on one database find each other.
    /// </summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.Services.AddOptions<PostgresClusteringOptions>().Configure(configureOptions);
        builder.Services.AddTransient<IConfigurationValidator, PostgresClusteringOptionsValidator>();
        builder.Services.AddSingleton<PostgresMembershipTable>();
        builder.Services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<PostgresMembershipTable>());
        return builder;
    }
}
