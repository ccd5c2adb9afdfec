using AIoT.Storage.Options;
using AIoT.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace AIoT.Storage.Hosting;

public static class SqliteGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds a SQLite grain storage named <paramref name="name"/>. It is a keyed <see cref="IGrainStorage"/> (and, under
    /// the same key, a <see cref="RelationalGrainStorage"/> for its bulk import) that opens its file as the silo starts.
    /// </summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configureOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configureOptions);
        services.AddTransient<IConfigurationValidator>(sp => new SqliteGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name), name));
        services.AddGrainStorage(name, SqliteGrainStorageFactory.Create);
        services.AddKeyedSingleton(name, (sp, key) => (RelationalGrainStorage)sp.GetRequiredKeyedService<IGrainStorage>(key));
        return services;
    }

    /// <summary>Adds a SQLite grain storage as the default one, used by grains that name no storage.</summary>
    public static IServiceCollection AddSqliteGrainStorageAsDefault(this IServiceCollection services, Action<SqliteGrainStorageOptions> configureOptions) =>
        services.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);
}
