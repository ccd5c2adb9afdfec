using AIoT.Storage.Options;

namespace AIoT.Storage.Hosting;

public static class PostgresGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds a PostgreSQL grain storage named <paramref name="name"/>; see <see cref="PostgresGrainStorageServiceCollectionExtensions"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresGrainStorageOptions> configureOptions)
    {
        builder.Services.AddPostgresGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds a PostgreSQL grain storage as the default one, used by grains that name no storage.</summary>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, Action<PostgresGrainStorageOptions> configureOptions)
    {
        builder.Services.AddPostgresGrainStorageAsDefault(configureOptions);
        return builder;
    }
}
