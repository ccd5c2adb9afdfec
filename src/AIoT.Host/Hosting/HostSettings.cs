using Microsoft.Extensions.Logging;

namespace AIoT.Host.Hosting;

/// <summary>What the host runs with; every field has the embedded default that needs no external server.</summary>
public sealed record HostSettings
{
    public string DataDirectory { get; init; } = Path.GetFullPath("data");

    public bool InMemory { get; init; }

    public TimeSpan CollectionAge { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public string GrainDatabasePath => Path.Combine(DataDirectory, "grains.db");

    /// <summary>Null when the settings make sense; otherwise what is wrong, naming the option.</summary>
    public string? Validate()
    {
        if (CollectionAge < TimeSpan.FromSeconds(1))
        {
            return $"--collection-age must be at least 00:00:01 (got {CollectionAge}).";
        }

        if (CallTimeout <= TimeSpan.Zero)
        {
            return $"--call-timeout must be positive (got {CallTimeout}).";
        }

        return null;
    }
}
