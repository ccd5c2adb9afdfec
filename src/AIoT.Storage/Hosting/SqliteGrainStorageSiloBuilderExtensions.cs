using AIoT.Storage.Options;

namespace AIoT.Storage.Hosting;

public static class SqliteGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds a SQLite grain storage named <paramref name="name"/>; see <see cref="SqliteGrainStorageServiceCollectionExtensions"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configureOptions)
    {
        builder.Services.AddSqliteGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds a SQLite grain storage as the default one, used by grains that name no storage.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configureOptions)
    {
        builder.Services.AddSqliteGrainStorageAsDefault(configureOptions);
        return builder;
    }
}
