using AIoT.Storage.Options;
using AIoT.Storage.Relational;
using AIoT.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization.Serializers;

namespace AIoT.Storage.Hosting;

/// <summary>Builds the storage registered under a name from that name's <see cref="SqliteGrainStorageOptions"/>.</summary>
public static class SqliteGrainStorageFactory
{
    public static RelationalGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name);
        // The validator reports a missing path with the storage's name; this only keeps the factory from failing first.
        var connections = new SqliteConnectionFactory(
            string.IsNullOrWhiteSpace(options.DatabasePath) ? "grains.db" : options.DatabasePath, options.BusyTimeout);
        var settings = new RelationalGrainStorageSettings
        {
            BatchSize = Math.Max(1, options.BatchSize),
            ReadConnections = Math.Max(1, options.ReadConnections),
            InitStage = options.InitStage,
            Serializer = options.GrainStorageSerializer,
        };
        return new RelationalGrainStorage(
            name,
            SqliteGrainStateDialect.Instance,
            connections,
            settings,
            services.GetRequiredService<IActivatorProvider>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<RelationalGrainStorage>>());
    }
}
