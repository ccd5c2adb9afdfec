using Npgsql;

namespace AIoT.Storage.Options;

/// <summary>Checks the PostgreSQL clustering options when the silo starts.</summary>
public sealed class PostgresClusteringOptionsValidator : IConfigurationValidator
{
    private const string Example = "Host=localhost;Port=5432;Database=aiot;Username=aiot;Password=...";

    private readonly PostgresClusteringOptions _options;

    public PostgresClusteringOptionsValidator(Microsoft.Extensions.Options.IOptions<PostgresClusteringOptions> options)
    {
        _options = options.Value;
    }

    public void ValidateConfiguration()
    {
        var connectionString = _options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Fail($"{nameof(PostgresClusteringOptions.ConnectionString)} is required: set it to the database that holds cluster membership, e.g. {Example}.");
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidCastException)
        {
            // A parse error's message quotes the key or format, not the value, so no password reaches the log.
            Fail($"{nameof(PostgresClusteringOptions.ConnectionString)} does not parse as an Npgsql connection string ({error.Message}); "
                + $"write it as Key=Value pairs separated by ';', e.g. {Example}.");
            return;
        }

        if (string.IsNullOrWhiteSpace(parsed.Host))
        {
            Fail($"{nameof(PostgresClusteringOptions.ConnectionString)} names no Host; add Host=<server>, e.g. {Example}.");
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string problem) => throw new OrleansConfigurationException($"Cluster membership (PostgreSQL): {problem}");
}
