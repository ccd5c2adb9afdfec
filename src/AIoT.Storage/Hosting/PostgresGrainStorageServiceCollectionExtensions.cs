using AIoT.Storage.Options;
using AIoT.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace AIoT.Storage.Hosting;

public static class PostgresGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds a PostgreSQL grain storage named <paramref name="name"/>. It is a keyed <see cref="IGrainStorage"/> (and, under
    /// the same key, a <see cref="RelationalGrainStorage"/> for its bulk import) that connects and creates its table
    /// (when missing) as the silo starts.
    /// </summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, Action<PostgresGrainStorageOptions> configureOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        services.AddOptions<PostgresGrainStorageOptions>(name).Configure(configureOptions);
        services.AddTransient<IConfigurationValidator>(sp => new PostgresGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name), name));
        services.AddGrainStorage(name, PostgresGrainStorageFactory.Create);
        services.AddKeyedSingleton(name, (sp, key) => (RelationalGrainStorage)sp.GetRequiredKeyedService<IGrainStorage>(key));
        return services;
    }

    /// <summary>Adds a PostgreSQL grain storage as the default one, used by grains that name no storage.</summary>
    public static IServiceCollection AddPostgresGrainStorageAsDefault(this IServiceCollection services, Action<PostgresGrainStorageOptions> configureOptions) =>
        services.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);
}
