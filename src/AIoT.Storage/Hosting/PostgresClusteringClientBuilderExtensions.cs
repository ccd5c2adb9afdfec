using AIoT.Storage.Options;
using AIoT.Storage.Postgres.Membership;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Messaging;

namespace AIoT.Storage.Hosting;

public static class PostgresClusteringClientBuilderExtensions
{
    /// <summary>Lets a client find the gateways of its cluster id in the PostgreSQL membership tables the silos keep.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, Action<PostgresClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.Services.AddOptions<PostgresClusteringOptions>().Configure(configureOptions);
        builder.Services.AddTransient<IConfigurationValidator, PostgresClusteringOptionsValidator>();
        builder.Services.AddSingleton<IGatewayListProvider, PostgresGatewayListProvider>();
        return builder;
    }
}
