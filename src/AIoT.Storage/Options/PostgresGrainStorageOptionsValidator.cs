using Npgsql;

namespace AIoT.Storage.Options;

/// <summary>Checks a PostgreSQL grain storage's options when the silo starts, naming the storage in the error.</summary>
public sealed class PostgresGrainStorageOptionsValidator : IConfigurationValidator
{
    private const string Example = "Host=localhost;Port=5432;Database=aiot;Username=aiot;Password=...";

    private readonly PostgresGrainStorageOptions _options;
    private readonly string _name;

    public PostgresGrainStorageOptionsValidator(PostgresGrainStorageOptions options, string name)
    {
        _options = options;
        _name = name;
    }

    public void ValidateConfiguration()
    {
        var connectionString = _options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Fail($"{nameof(PostgresGrainStorageOptions.ConnectionString)} is required: set it to the database that holds grain state, e.g. {Example}.");
        }

        var parsed = Parse(connectionString);
        if (string.IsNullOrWhiteSpace(parsed.Host))
        {
            Fail($"{nameof(PostgresGrainStorageOptions.ConnectionString)} names no Host; add Host=<server>, e.g. {Example}.");
        }

        if (_options.Problem() is { } shared)
        {
            Fail(shared);
        }
    }

    private NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidCastException)
        {
            // A parse error's message quotes the key or format, not the value, so no password reaches the log.
            throw Failure($"{nameof(PostgresGrainStorageOptions.ConnectionString)} does not parse as an Npgsql connection string ({error.Message}); "
                + $"write it as Key=Value pairs separated by ';', e.g. {Example}.");
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string problem) => throw Failure(problem);

    private OrleansConfigurationException Failure(string problem) => new($"Grain storage '{_name}' (PostgreSQL): {problem}");
}
