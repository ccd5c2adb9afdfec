using AIoT.Storage.Options;
using AIoT.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace AIoT.Storage.Hosting;

/// <summary>
/// How a relational storage is registered, whatever its database: its options under its name, their validator, and a
/// keyed <see cref="IGrainStorage"/> (with, under the same key, the <see cref="RelationalGrainStorage"/> for bulk import).
/// </summary>
internal static class RelationalGrainStorageRegistration
{
    public static IServiceCollection Add<TOptions>(
        IServiceCollection services,
        string name,
        Action<TOptions> configureOptions,
        Func<TOptions, string, IConfigurationValidator> validator,
        Func<IServiceProvider, string, RelationalGrainStorage> create)
        where TOptions : RelationalGrainStorageOptions
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        services.AddOptions<TOptions>(name).Configure(configureOptions);
        services.AddTransient(sp => validator(sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name), name));
        services.AddGrainStorage(name, create);
        services.AddKeyedSingleton(name, (sp, key) => (RelationalGrainStorage)sp.GetRequiredKeyedService<IGrainStorage>(key));
        return services;
    }
}
