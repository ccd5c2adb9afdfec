using AIoT.Storage.Options;
using AIoT.Storage.Postgres;
using AIoT.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization.Serializers;

namespace AIoT.Storage.Hosting;

/// <summary>Builds the storage registered under a name from that name's <see cref="PostgresGrainStorageOptions"/>.</summary>
public static class PostgresGrainStorageFactory
{
    public static RelationalGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name);
        var settings = new RelationalGrainStorageSettings
        {
            BatchSize = Math.Max(1, options.BatchSize),
            ReadConnections = Math.Max(1, options.ReadConnections),
            InitStage = options.InitStage,
            Serializer = options.GrainStorageSerializer,
        };
        return new RelationalGrainStorage(
            name,
            PostgresGrainStateDialect.Instance,
            new PostgresConnectionFactory(options.ConnectionString ?? ""),
            settings,
            services.GetRequiredService<IActivatorProvider>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<RelationalGrainStorage>>());
    }
}
