using AIoT.Storage.Postgres;
using AIoT.Storage.Relational;
using AIoT.Storage.Serialization;
using AIoT.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization.Activators;
using Orleans.Serialization.Serializers;

namespace AIoT.Storage.Tests.Support;

/// <summary>Provider instances outside any silo, as another silo on the same database would have; started by the caller.</summary>
public static class StandaloneStorages
{
    private static readonly RelationalGrainStorageSettings Settings = new()
    {
        BatchSize = 100,
        ReadConnections = 1,
        InitStage = ServiceLifecycleStage.ApplicationServices,
        Serializer = JsonGrainStateSerializer.Default,
    };

    public static RelationalGrainStorage Sqlite(string databasePath) =>
        Create(SqliteGrainStateDialect.Instance, new SqliteConnectionFactory(databasePath, TimeSpan.FromSeconds(30)));

    public static RelationalGrainStorage Postgres(string connectionString) =>
        Create(PostgresGrainStateDialect.Instance, new PostgresConnectionFactory(connectionString));

    private static RelationalGrainStorage Create(IGrainStateDialect dialect, IGrainStateConnectionFactory connections) =>
        new("store", dialect, connections, Settings, new NewActivators(), TimeProvider.System, NullLogger<RelationalGrainStorage>.Instance);

    private sealed class NewActivators : IActivatorProvider
    {
        public IActivator<T> GetActivator<T>() => new NewActivator<T>();
    }

    private sealed class NewActivator<T> : IActivator<T>
    {
        public T Create() => Activator.CreateInstance<T>();
    }
}
