using AIoT.Storage.Options;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace AIoT.Storage.Hosting;

public static class PostgresGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds a PostgreSQL grain storage named <paramref name="name"/>. It is a keyed <see cref="IGrainStorage"/> (and, under
    /// the same key, a <see cref="RelationalGrainStorage"/> for its bulk import) that connects and creates its table
    /// (when missing) as the silo starts.
    /// </summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, Action<PostgresGrainStorageOptions> configureOptions) =>
        RelationalGrainStorageRegistration.Add<PostgresGrainStorageOptions>(
            services, name, configureOptions, (options, storage) => new PostgresGrainStorageOptionsValidator(options, storage), PostgresGrainStorageFactory.Create);

    /// <summary>Adds a PostgreSQL grain storage as the default one, used by grains that name no storage.</summary>
    public static IServiceCollection AddPostgresGrainStorageAsDefault(this IServiceCollection services, Action<PostgresGrainStorageOptions> configureOptions) =>
        services.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);
}
