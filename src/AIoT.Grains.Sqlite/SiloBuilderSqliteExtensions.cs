using AIoT.Grains.Runtime;
using AIoT.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AIoT.Grains.Sqlite;

public static class SiloBuilderSqliteExtensions
{
    public static SiloBuilder AddSqliteGrainStorage(this SiloBuilder builder, string databasePath, string name = GrainStorageNames.Default) =>
        builder.AddGrainStorage(name, sp => new SqliteGrainStorage(databasePath, sp.GetService<GrainStateSerializer>()));
}
