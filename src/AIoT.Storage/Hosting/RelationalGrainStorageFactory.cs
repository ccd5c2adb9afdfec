using AIoT.Storage.Options;
using AIoT.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization.Serializers;

namespace AIoT.Storage.Hosting;

/// <summary>Builds a named relational storage from its options: the database's dialect and connections, the rest shared.</summary>
internal static class RelationalGrainStorageFactory
{
    public static RelationalGrainStorage Create<TOptions>(
        IServiceProvider services, string name, IGrainStateDialect dialect, Func<TOptions, IGrainStateConnectionFactory> connections)
        where TOptions : RelationalGrainStorageOptions
    {
        var options = services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);
        return new RelationalGrainStorage(
            name,
            dialect,
            connections(options),
            options.ToSettings(),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<RelationalGrainStorage>>());
    }
}
