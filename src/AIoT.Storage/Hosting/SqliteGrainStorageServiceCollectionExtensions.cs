using AIoT.Storage.Options;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace AIoT.Storage.Hosting;

public static class SqliteGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds a SQLite grain storage named <paramref name="name"/>. It is a keyed <see cref="IGrainStorage"/> (and, under
    /// the same key, a <see cref="RelationalGrainStorage"/> for its bulk import) that opens its file as the silo starts.
    /// </summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configureOptions) =>
        RelationalGrainStorageRegistration.Add<SqliteGrainStorageOptions>(
            services, name, configureOptions, (options, storage) => new SqliteGrainStorageOptionsValidator(options, storage), SqliteGrainStorageFactory.Create);

    /// <summary>Adds a SQLite grain storage as the default one, used by grains that name no storage.</summary>
    public static IServiceCollection AddSqliteGrainStorageAsDefault(this IServiceCollection services, Action<SqliteGrainStorageOptions> configureOptions) =>
        services.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);
}
